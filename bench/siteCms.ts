/**
 * A CMS for the site benchmark and the static-export test, run as its own process: a throwaway
 * SQLite database with the demo content, served by our full stack (cache on) on 127.0.0.1.
 * Arguments: the site origins allowed by CORS (comma-separated), and optionally the site process(es)
 * to purge after publishes (SITE_INVALIDATE_URLS; default none reachable). BENCH_POSTS=N adds N
 * generated published posts (generateContent.ts) after the seed.
 * Prints `READY {"port":…,"admin":{…}}` once listening; removes its database on SIGTERM.
 */
import fs from 'node:fs'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { bootPayload } from '../cms/src/cli/boot'
import { parseEnv } from '../cms/src/env'
import { seed } from '../cms/src/seed'
import { createApp, listen } from '../cms/src/server'
import { generateContent } from './generateContent'

const ADMIN = { email: 'bench@mspn.dev', password: 'Bench-only-admin-passphrase-7391' }

/** A port chosen up front, so media URLs (built from PUBLIC_URL) point at this server. */
const port = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address() as AddressInfo
    probe.close(() => resolve(free))
  })
})
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-site-cms-'))
/** The same value is given to the site in bench/site.ts: cache purges and the site's identity are signed with it. */
const SITE_BENCH_REVALIDATE_SECRET = 'site-bench-only-revalidate-secret-long-enough-0123'
const env = parseEnv({
  APP_ENV: 'production',
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  PAYLOAD_SECRET: 'site-bench-only-secret-that-is-long-enough-0123',
  PREVIEW_SECRET: 'site-bench-only-preview-secret-long-enough-0123',
  REVALIDATE_SECRET: SITE_BENCH_REVALIDATE_SECRET,
  DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
  MEDIA_DIR: path.join(dir, 'media'),
  LOG_LEVEL: 'warn',
  RATE_LIMIT_API_PER_MINUTE: '1000000',
  // The site's origins, for the browser-side API explorer demo: `siteCms.ts http://127.0.0.1:4321,…`.
  CORS_ORIGINS: process.argv[2] || 'http://127.0.0.1',
  // `siteCms.ts <origins> http://127.0.0.1:4321`: publishes purge that site's route cache (bench/publish.ts).
  ...(process.argv[3] ? { SITE_URL: process.argv[3], SITE_INVALIDATE_URLS: process.argv[3] } : {}),
})
const payload = await bootPayload(env)
await seed(payload, { admin: ADMIN })
const generate = Number(process.env.BENCH_POSTS ?? 0)
if (generate > 0) await generateContent(payload, { posts: generate, log: (line) => process.stderr.write(`${line}\n`) })
const server = await listen(createApp({ payload, env }).listener, '127.0.0.1', port)
process.stderr.write(`READY ${JSON.stringify({ port: (server.address() as AddressInfo).port, admin: ADMIN })}\n`)
process.once('SIGTERM', () => {
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})
