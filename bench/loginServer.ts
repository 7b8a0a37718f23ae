/**
 * Target of `npm run bench:login`, run as its own process: a seeded SQLite database behind our full
 * Express stack with the production rate-limit budgets (login 10 per 15 minutes, API 600 per
 * minute per client) and one trusted proxy, so the load generator can speak for many clients
 * through X-Forwarded-For. Prints `READY <port>` once listening.
 *
 * BENCH_CACHE (true/false) and BENCH_LOG_LEVEL (silent/info…) choose the read path and the
 * request logging, so reads can be measured as production serves them (logs on) with the
 * response cache on and off.
 */
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { bootPayload } from '../cms/src/cli/boot'
import { parseEnv } from '../cms/src/env'
import { seed } from '../cms/src/seed'
import { createApp, listen } from '../cms/src/server'

export const BENCH_ADMIN = { email: 'bench@mspn.dev', password: 'Bench-only-admin-passphrase-7391' }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-login-'))
const env = parseEnv({
  APP_ENV: 'production',
  PAYLOAD_SECRET: 'bench-only-secret-that-is-long-enough-0123456789',
  PREVIEW_SECRET: 'bench-only-preview-secret-long-enough-0123456789',
  REVALIDATE_SECRET: 'bench-only-revalidate-secret-long-enough-0123456789',
  DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
  MEDIA_DIR: path.join(dir, 'media'),
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
  CACHE_ENABLED: process.env.BENCH_CACHE ?? 'true',
  TRUST_PROXY: '1',
})
const payload = await bootPayload(env)
await seed(payload, { admin: BENCH_ADMIN })
const server = await listen(createApp({ payload, env }).listener, '127.0.0.1', 0)
process.stderr.write(`READY ${(server.address() as AddressInfo).port}\n`)
process.once('SIGTERM', () => {
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})
