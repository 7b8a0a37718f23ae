/**
 * `npm run bench:generate -- --posts 10000`: adds generated published posts (with categories,
 * authors and media; see generateContent.ts) to the database DATABASE_URL names, for trying the
 * site, the admin or the API at scale. Refused when APP_ENV is production or staging. The
 * benchmarks (`bench`, `bench:growth`) generate into their own throwaway databases instead.
 */
import { bootPayload } from '../cms/src/cli/boot'
import { closeDatabase } from '../cms/src/database'
import { getEnv } from '../cms/src/env'
import { generateContent } from './generateContent'

const at = process.argv.indexOf('--posts')
const posts = at >= 0 ? Number(process.argv[at + 1]) : 1000
if (!Number.isInteger(posts) || posts < 1) throw new Error('--posts must be a positive whole number')
const env = getEnv()
if (env.appEnv === 'production' || env.appEnv === 'staging')
  throw new Error(`bench:generate writes test content: refused with APP_ENV=${env.appEnv}`)
const payload = await bootPayload(env)
const log = (line: string) => process.stderr.write(`${line}\n`)
// A tag per run, so generating twice into one database makes new slugs rather than conflicts.
const prefix = `gen${Date.now().toString(36)}`
const result = await generateContent(payload, { posts, log, prefix })
log(
  `bench:generate: ${result.posts} posts in ${(result.ms / 1000).toFixed(1)} s (slugs ${result.postSlug(0)} … ${result.postSlug(posts - 1)})`,
)
await closeDatabase(payload)
process.exit(0)
