/** Boots the CMS for a test file: fresh database, migrations, optional seed, and an HTTP server on a free port. */
import fs from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'
import type { Logger } from 'pino'

import { bootPayload } from '../../src/cli/boot'
import { closeDatabase } from '../../src/database'
import { parseEnv, type Env } from '../../src/env'
import { seed } from '../../src/seed'
import { createApp, listen, type CmsApp } from '../../src/server'
import { createTestDatabase, type TestDatabase } from './database'

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789'
export const ADMIN = { email: 'admin@test.mspn.dev', password: 'Admin-password-1234' }

export interface TestCms {
  payload: Payload
  env: Env
  db: TestDatabase
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:43210 */
  url: string
  api: string
  server: Server
  app: CmsApp
  /**
   * Another app over the same Payload instance with its own settings (limits, cache, Redis),
   * listening on a free port; returns its API base URL. Closed by stop().
   */
  extraApp: (env: Record<string, string>) => Promise<string>
  /** extraApp, with the app itself (its fast read's counters, say). */
  extraServer: (env: Record<string, string>) => Promise<{ api: string; app: CmsApp }>
  stop: () => Promise<void>
}

export interface TestCmsOptions {
  seed?: boolean
  env?: Record<string, string>
  /** The server's logger (default: the env's, silent), e.g. to read what it logged. */
  logger?: Logger
}

export async function startTestCms(options: TestCmsOptions = {}): Promise<TestCms> {
  const db = await createTestDatabase()
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-media-'))
  // What every app of this test file shares, the extra ones included.
  const base = {
    APP_ENV: 'test',
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    // No background projection racing a test's own reads and query counts; fastRead.int turns it on where it tests it.
    FAST_READ_PROJECT_AFTER: '0',
    // Projections on disk whatever this machine's free space (the default reserve is a tenth of the disk, which a
    // full build machine may not have): the reserve itself is projectionStore.test's.
    FAST_READ_STORE_RESERVE_BYTES: '0',
  }
  const env = parseEnv({
    ...base,
    MEDIA_DIR: mediaDir,
    // Generous budgets so functional tests are not throttled; limit tests set their own.
    RATE_LIMIT_API_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_15_MINUTES: '10000',
    RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: '10000',
    RATE_LIMIT_CONTACT_PER_HOUR: '10000',
    RATE_LIMIT_GRAPHQL_PER_MINUTE: '100000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
    ...options.env,
  })
  // The types file is the type check's and `npm run generate:types`'s business, not every test file's.
  const payload = await bootPayload(env, { generateTypes: false })
  if (options.seed) await seed(payload, { admin: ADMIN })
  const app = createApp({ payload, env, logger: options.logger })
  const server = await listen(app.listener, '127.0.0.1', 0)
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const extras: { server: Server; app: CmsApp }[] = []
  const extraServer = async (extraEnv: Record<string, string>) => {
    const appEnv = parseEnv({ ...base, ...extraEnv })
    const created = createApp({ payload, env: appEnv })
    const listening = await listen(created.listener, '127.0.0.1', 0)
    extras.push({ server: listening, app: created })
    return { api: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/api/v1`, app: created }
  }
  return {
    payload,
    env,
    db,
    url,
    api: `${url}/api/v1`,
    server,
    app,
    extraApp: async (extraEnv) => (await extraServer(extraEnv)).api,
    extraServer,
    stop: async () => {
      for (const extra of extras) {
        extra.server.closeAllConnections()
        extra.server.close()
        await extra.app.close()
      }
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await app.close()
      if (db.kind === 'mongodb') {
        const connection = (payload.db as unknown as { connection?: { dropDatabase: () => Promise<unknown> } })
          .connection
        await connection?.dropDatabase()
      }
      await closeDatabase(payload)
      await db.drop()
      fs.rmSync(mediaDir, { recursive: true, force: true })
    },
  }
}

/** Signs in over REST and returns the Authorization header value for that user. */
export async function login(cms: TestCms, email: string, password: string): Promise<string> {
  const response = await fetch(`${cms.api}/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`login failed for ${email}: ${response.status} ${await response.text()}`)
  const body = (await response.json()) as { token: string }
  return `JWT ${body.token}`
}

/** Creates a staff account directly (bypassing access) and returns it. */
export async function createUser(cms: TestCms, role: 'admin' | 'editor' | 'author', name: string = role) {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 8)}@test.mspn.dev`
  const password = `${role}-password-long-enough`
  const user = await cms.payload.create({
    collection: 'users',
    data: { email, password, name, role },
    overrideAccess: true,
  })
  // Generated types assume SQL (numeric) ids; on MongoDB they are strings at runtime.
  return { user: user as typeof user & { id: number }, email, password }
}
