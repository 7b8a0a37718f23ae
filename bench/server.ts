/**
 * Benchmark target, run as its own process: one seeded database (SQLite, or a throwaway
 * PostgreSQL database on BENCH_POSTGRES_URL's server) served four ways.
 *   stock       Payload's REST handler alone (no cache, no middleware): the baseline
 *   plain       our full Express stack, response cache and read coalescing off
 *   uncached    our full Express stack, response cache off (identical reads in flight coalesced)
 *   cached      our full Express stack with the response cache on
 * Prints `READY {"stock":port,...}` once listening.
 */
import express from 'express'
import fs from 'node:fs'
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-'))
const postgresServer = process.env.BENCH_POSTGRES_URL
const postgresName = `mspn_bench_${process.pid}`

/** Runs one statement on the PostgreSQL server (database maintenance, outside Payload). */
async function onPostgresServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServer })
  await client.connect()
  await client.query(sql)
  await client.end()
}

let databaseUrl = `file:${path.join(dir, 'cms.db')}`
if (postgresServer) {
  await onPostgresServer(`CREATE DATABASE "${postgresName}"`)
  const url = new URL(postgresServer)
  url.pathname = `/${postgresName}`
  databaseUrl = url.toString()
}
const base = {
  APP_ENV: 'production',
  PAYLOAD_SECRET: 'bench-only-secret-that-is-long-enough-0123456789',
  PREVIEW_SECRET: 'bench-only-preview-secret-long-enough-0123456789',
  REVALIDATE_SECRET: 'bench-only-revalidate-secret-long-enough-0123456789',
  DATABASE_URL: databaseUrl,
  MEDIA_DIR: path.join(dir, 'media'),
  LOG_LEVEL: 'info',
  RATE_LIMIT_API_PER_MINUTE: '1000000',
}
const cachedEnv = parseEnv(base)
const plainEnv = parseEnv({ ...base, CACHE_ENABLED: 'false', READ_COALESCING: 'false' })
const uncachedEnv = parseEnv({ ...base, CACHE_ENABLED: 'false' })
const payload = await bootPayload(cachedEnv)
await seed(payload, { admin: { email: 'bench@mspn.dev', password: 'Bench-only-admin-passphrase-7391' } })

const stockApp = express()
stockApp.use(payloadApi({ config: payload.config, playground: false, maxDepth: cachedEnv.bodyMaxDepth }))
const servers = {
  stock: await listen(stockApp, '127.0.0.1', 0),
  plain: await listen(createApp({ payload, env: plainEnv }).app, '127.0.0.1', 0),
  uncached: await listen(createApp({ payload, env: uncachedEnv }).app, '127.0.0.1', 0),
  cached: await listen(createApp({ payload, env: cachedEnv }).app, '127.0.0.1', 0),
}
const ports = Object.fromEntries(
  Object.entries(servers).map(([name, server]) => [name, (server.address() as AddressInfo).port]),
)
process.stderr.write(`READY ${JSON.stringify(ports)}\n`)
process.once('SIGTERM', async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  if (postgresServer) {
    await closeDatabase(payload)
    await onPostgresServer(`DROP DATABASE IF EXISTS "${postgresName}" WITH (FORCE)`).catch(() => undefined)
  }
  process.exit(0)
})
