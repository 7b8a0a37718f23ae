/**
 * Benchmark target, run as its own process by api.ts and growth.ts: one throwaway database
 * (SQLite, or with BENCH_DB=postgres a throwaway database on BENCH_POSTGRES_URL's server), seeded
 * with the demo content plus BENCH_POSTS generated posts (generateContent.ts), served as:
 *   stock      Payload's REST handler alone (no cache, no middleware): the baseline
 *   uncached   our full Express stack, response cache off (read coalescing on, as in production)
 *   cached     our full Express stack with the response cache on
 *   bare       a bare node:http server answering, for each URL of the cached set, the bytes the
 *              cached target answers for it (the machine's limit for those bytes)
 * BENCH_TARGETS (comma-separated) limits which are started. Writes the request plan (requests.ts)
 * to BENCH_PLAN_FILE, then prints `READY {"ports":{…},"posts":N,"generateMs":…}` on stderr.
 * Listens on 127.0.0.1 only; SIGTERM removes the database and exits.
 */
import express from 'express'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { bootPayload } from '../cms/src/cli/boot'
import { closeDatabase } from '../cms/src/database'
import { parseEnv } from '../cms/src/env'
import { seed } from '../cms/src/seed'
import { createApp, listen } from '../cms/src/server'
import { payloadApi } from '../cms/src/server/payloadApi'
import { generateContent } from './generateContent'
import { blogPages, categoryPages, distinctMix, postDocuments, siteMix, type Content } from './requests'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-'))
const usePostgres = process.env.BENCH_DB === 'postgres'
const postgresServer = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const postgresName = `mspn_bench_${process.pid}`
const POSTS = Number(process.env.BENCH_POSTS ?? 1000)
const PLAN_LENGTH = Number(process.env.BENCH_PLAN_LENGTH ?? 30_000)
const TARGETS = new Set((process.env.BENCH_TARGETS ?? 'stock,uncached,cached,bare').split(','))
const planFile = process.env.BENCH_PLAN_FILE ?? path.join(dir, 'plan.json')
const log = (line: string) => process.stderr.write(`bench:server: ${line}\n`)

/** Runs one statement on the PostgreSQL server (database maintenance, outside Payload). */
async function onPostgresServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServer })
  await client.connect()
  await client.query(sql)
  await client.end()
}

let databaseUrl = `file:${path.join(dir, 'cms.db')}`
if (usePostgres) {
  await onPostgresServer(`CREATE DATABASE "${postgresName}"`)
  const url = new URL(postgresServer)
  url.pathname = `/${postgresName}`
  databaseUrl = url.toString()
}
let cleanedUp = false
async function cleanUp(payload?: Awaited<ReturnType<typeof bootPayload>>): Promise<void> {
  if (cleanedUp) return
  cleanedUp = true
  fs.rmSync(dir, { recursive: true, force: true })
  if (usePostgres) {
    // Dropped first, WITH (FORCE): closing the pool may wait on reads still running after a load run.
    await onPostgresServer(`DROP DATABASE IF EXISTS "${postgresName}" WITH (FORCE)`).catch(() => undefined)
    if (payload) await closeDatabase(payload).catch(() => undefined)
  }
}
// Stopped before READY (a timeout in the driver): still remove the database.
process.once('SIGTERM', () => void cleanUp().then(() => process.exit(0)))

const base = {
  APP_ENV: 'production',
  PAYLOAD_SECRET: 'bench-only-secret-that-is-long-enough-0123456789',
  PREVIEW_SECRET: 'bench-only-preview-secret-long-enough-0123456789',
  REVALIDATE_SECRET: 'bench-only-revalidate-secret-long-enough-0123456789',
  DATABASE_URL: databaseUrl,
  MEDIA_DIR: path.join(dir, 'media'),
  LOG_LEVEL: 'warn',
  RATE_LIMIT_API_PER_MINUTE: '1000000',
  RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
}
const cachedEnv = parseEnv(base)
const uncachedEnv = parseEnv({ ...base, CACHE_ENABLED: 'false' })
const payload = await bootPayload(cachedEnv)
process.removeAllListeners('SIGTERM')
process.once('SIGTERM', () => void cleanUp(payload).then(() => process.exit(0)))

await seed(payload, { admin: { email: 'bench@mspn.dev', password: 'Bench-only-admin-passphrase-7391' } })
const generated = POSTS > 0 ? await generateContent(payload, { posts: POSTS, log }) : undefined

/** Published slugs of a collection, newest first for posts (the order doesn't matter elsewhere). */
async function slugsOf(collection: 'posts' | 'pages' | 'services' | 'projects' | 'demos' | 'categories') {
  const result = await payload.find({ collection, pagination: false, depth: 0, select: { slug: true } })
  return result.docs.map((doc) => (doc as { slug: string }).slug)
}
const categorySlugs = await slugsOf('categories')
const postsPerCategory: Record<string, number> = {}
for (const slug of categorySlugs)
  postsPerCategory[slug] = (
    await payload.count({ collection: 'posts', where: { 'categories.slug': { equals: slug } } })
  ).totalDocs
const content: Content = {
  postSlugs: await slugsOf('posts'),
  categorySlugs,
  postsPerCategory,
  otherSlugs: {
    pages: await slugsOf('pages'),
    services: await slugsOf('services'),
    projects: await slugsOf('projects'),
    demos: await slugsOf('demos'),
  },
}

// The growth benchmark's reads, one kind at a time (each URL distinct, as in the mix).
const shuffled = <T>(list: readonly T[]): T[] => {
  const copy = [...list]
  let seed = 7
  for (let i = copy.length - 1; i > 0; i -= 1) {
    seed = (seed * 48271) % 2147483647
    const j = seed % (i + 1)
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}
// Longer than any one read's run (2,500 req/s for the warm-up and the 10 s is 30,000 requests), so
// a fast read at 1,000 posts does not repeat URLs and flatter the size the growth is measured from.
const kindLength = Math.max(PLAN_LENGTH, 60_000)
const blog = await blogPages(content)
const words = generated?.vocabulary ?? ['cache', 'design', 'release', 'editor', 'content', 'search']
const searches = words.flatMap((a) => words.map((b) => `/api/v1/search?q=${a}+${b}`))
const plan = {
  mix: await siteMix(content, PLAN_LENGTH),
  kinds: {
    newest: distinctMix([{ weight: 1, urls: blog.slice(0, 1) }], kindLength),
    randomPage: distinctMix([{ weight: 1, urls: shuffled(blog) }], kindLength),
    document: distinctMix([{ weight: 1, urls: shuffled(await postDocuments(content)) }], kindLength),
    category: distinctMix([{ weight: 1, urls: shuffled(await categoryPages(content)) }], kindLength),
    search: distinctMix([{ weight: 1, urls: shuffled(searches) }], kindLength),
  },
  cached: [] as string[],
}

const servers: Record<string, http.Server> = {}
if (TARGETS.has('stock')) {
  const stockApp = express()
  stockApp.use(payloadApi({ config: payload.config, playground: false, maxDepth: cachedEnv.bodyMaxDepth }))
  servers.stock = await listen(stockApp, '127.0.0.1', 0)
}
if (TARGETS.has('uncached')) {
  const app = createApp({ payload, env: uncachedEnv })
  await app.search.ready
  servers.uncached = await listen(app.listener, '127.0.0.1', 0)
}
if (TARGETS.has('cached') || TARGETS.has('bare')) {
  servers.cached = await listen(createApp({ payload, env: cachedEnv }).listener, '127.0.0.1', 0)
  // The cached set: the first 50 URLs of the mix, answered once here (so cached from then on).
  const port = (servers.cached.address() as AddressInfo).port
  const bodies = new Map<string, Buffer>()
  for (const url of plan.mix.slice(0, 50)) {
    const response = await fetch(`http://127.0.0.1:${port}${url}`)
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
    bodies.set(url, Buffer.from(await response.arrayBuffer()))
  }
  plan.cached = [...bodies.keys()]
  if (TARGETS.has('bare')) {
    const bare = http.createServer((req, res) => {
      const body = bodies.get(req.url ?? '')
      if (!body) {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length })
      res.end(body)
    })
    servers.bare = await new Promise<http.Server>((resolve) => bare.listen(0, '127.0.0.1', () => resolve(bare)))
  }
}
fs.writeFileSync(planFile, JSON.stringify(plan))
const ports = Object.fromEntries(
  Object.entries(servers).map(([name, server]) => [name, (server.address() as AddressInfo).port]),
)
process.stderr.write(
  `READY ${JSON.stringify({ ports, posts: content.postSlugs.length, generateMs: generated?.ms ?? 0, db: usePostgres ? 'postgres' : 'sqlite' })}\n`,
)
