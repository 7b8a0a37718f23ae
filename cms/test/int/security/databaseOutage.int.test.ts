/**
 * The database goes away under a running CMS process. API requests answer 503
 * DATABASE_UNAVAILABLE in the error envelope instead of hanging or failing with a 500, /ready says
 * why, /health stays up, and the service recovers by itself when the database is back.
 *
 * PostgreSQL: a TCP proxy between the CMS process and the server, cut in both ways networks fail
 * (refused/reset, and a black hole only timeouts can notice) and restored, twice over.
 * SQLite has no network to lose: "unavailable" is another process holding the write lock past the
 * busy timeout (SQLITE_BUSY). Writes then answer 503 while reads keep working, and recover when
 * the lock is released.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { TEST_SECRET } from '../../helpers/cms'
import { createTestDatabase, testDbKind, type TestDatabase } from '../../helpers/database'
import { request, type JsonResponse } from '../../helpers/http'
import { startApiProcess, type ApiProcess } from '../../helpers/process'
import { startTcpProxy, type TcpProxy } from '../../helpers/tcpProxy'

/** A safety net, not a timing assertion: an answer must come at all; a hang fails the test here. */
const NO_HANG_MS = 30_000

let db: TestDatabase
let mediaDir: string
let cms: ApiProcess | undefined
let proxy: TcpProxy | undefined

const env = () => ({
  PAYLOAD_SECRET: TEST_SECRET,
  MEDIA_DIR: mediaDir,
  CACHE_ENABLED: 'false',
  CONTACT_MIN_FILL_SECONDS: '0',
  RATE_LIMIT_API_PER_MINUTE: '100000',
  RATE_LIMIT_CONTACT_PER_HOUR: '10000',
  DATABASE_CONNECT_TIMEOUT_MS: '1500',
  DATABASE_QUERY_TIMEOUT_MS: '3000',
})

beforeAll(async () => {
  db = await createTestDatabase()
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-outage-media-'))
})

afterAll(async () => {
  await cms?.stop()
  await proxy?.close()
  await db?.drop()
  if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
})

const call = (url: string, init: Parameters<typeof request>[1] = {}) =>
  request(url, { ...init, signal: AbortSignal.timeout(NO_HANG_MS) })
const read = () => call(`${cms?.url}/api/v1/posts?limit=1&depth=0`)
let sent = 0
const write = () => {
  sent += 1
  return call(`${cms?.url}/api/v1/inquiries`, {
    method: 'POST',
    json: {
      name: 'Outage Test',
      email: `outage-${sent}@example.com`,
      message: 'Sent while the database may be away.',
      formStartedAt: Date.now() - 60_000,
    },
  })
}

function expectUnavailable(response: JsonResponse, what: string) {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(503)
  expect(response.body.errors).toEqual([{ message: expect.any(String), code: 'DATABASE_UNAVAILABLE' }])
  expect(response.body.requestId).toBe(response.headers.get('x-request-id'))
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(JSON.stringify(response.body)).not.toMatch(/ECONN|SQLITE|at \//)
}

/** Polls until `attempt` succeeds; the service must get there by itself, without a restart. */
async function eventually(attempt: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 120; i += 1) {
    if (await attempt()) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not happen within 30 s`)
}

// MongoDB takes the same path (a direct connection through the proxy); PostgreSQL is what this machine runs.
if (testDbKind === 'postgres' || testDbKind === 'mongodb') {
  describe(`${testDbKind} goes away and comes back`, () => {
    beforeAll(async () => {
      const target = new URL(db.url)
      proxy = await startTcpProxy(target.hostname, Number(target.port || (testDbKind === 'postgres' ? 5432 : 27017)))
      const viaProxy = new URL(db.url)
      viaProxy.hostname = '127.0.0.1'
      viaProxy.port = String(proxy.port)
      if (testDbKind === 'mongodb') viaProxy.searchParams.set('directConnection', 'true')
      cms = await startApiProcess({ ...env(), DATABASE_URL: viaProxy.toString() })
    })

    for (const [round, mode] of [
      [1, 'refuse'],
      [2, 'blackhole'],
      [3, 'refuse'],
    ] as const) {
      it(`round ${round}, ${mode}: 503 DATABASE_UNAVAILABLE without hanging, /ready says why, then recovers by itself`, async () => {
        expect((await read()).status).toBe(200)
        expect((await write()).status).toBe(201)

        await proxy?.cut(mode)
        expectUnavailable(await read(), 'read')
        expectUnavailable(await write(), 'write')
        const ready = await call(`${cms?.url}/ready`)
        expect(ready.status).toBe(503)
        expect(ready.body.errors[0]).toMatchObject({ field: 'database', code: 'UNAVAILABLE' })
        expect(ready.body.checks.database).not.toBe('ok')
        expect((await call(`${cms?.url}/health`)).status).toBe(200)

        await proxy?.restore()
        await eventually(async () => (await read()).status === 200, 'reads recovering')
        expect((await call(`${cms?.url}/ready`)).status).toBe(200)
        expect((await write()).status).toBe(201)
      })
    }
  })
}

if (testDbKind === 'sqlite') {
  describe('SQLite locked by another process', () => {
    beforeAll(async () => {
      cms = await startApiProcess({ ...env(), DATABASE_URL: db.url })
    })

    it('answers writes 503 DATABASE_UNAVAILABLE while the lock is held, serves reads, and recovers when it is released', async () => {
      expect((await write()).status).toBe(201)
      // Inquiries are staff-only to read: the counts below look at the file directly.
      const file = db.url.slice('file:'.length)
      const other = new DatabaseSync(file)
      const stored = () => (other.prepare('SELECT count(*) AS n FROM inquiries').get() as { n: number }).n
      try {
        const before = stored()
        other.exec('BEGIN IMMEDIATE')
        // Held past the CMS's busy timeout: the write gives up with SQLITE_BUSY.
        expectUnavailable(await write(), 'write under lock')
        expect((await read()).status).toBe(200)
        expect((await call(`${cms?.url}/ready`)).status).toBe(200)
        other.exec('ROLLBACK')
        expect(stored()).toBe(before)
        expect((await write()).status).toBe(201)
        expect(stored()).toBe(before + 1)
      } finally {
        if (other.isTransaction) other.exec('ROLLBACK')
        other.close()
      }
    })
  })
}
