/**
 * SQLite's connection settings: the page cache is SQLITE_CACHE_MB per connection (SQLite's own default
 * is 2 MB), also on a connection opened again after a lock timeout; 0 leaves SQLite's default.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'
import { afterAll, describe, expect, it } from 'vitest'

import { bootPayload } from '../../src/cli/boot'
import { closeDatabase } from '../../src/database'
import { parseEnv } from '../../src/env'
import { TEST_SECRET } from '../helpers/cms'
import { createTestDatabase } from '../helpers/database'

interface Client {
  execute: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>
  close: () => void
}
interface Adapter {
  client?: Client
  connect: (options?: { hotReload?: boolean }) => Promise<void>
}

const opened: Payload[] = []
const cleanUps: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const payload of opened) await closeDatabase(payload)
  for (const cleanUp of cleanUps) await cleanUp()
})

/** A Payload of its own (own key, own database) with these settings. */
async function open(settings: Record<string, string>): Promise<Adapter> {
  const db = await createTestDatabase('sqlite')
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-media-'))
  cleanUps.push(db.drop, () => fs.rmSync(mediaDir, { recursive: true, force: true }))
  const env = parseEnv({
    APP_ENV: 'test',
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'silent',
    ...settings,
  })
  const payload = await bootPayload(env, { key: `sqlite-connection-${opened.length}`, generateTypes: false })
  opened.push(payload)
  return payload.db as unknown as Adapter
}

async function cacheSize(adapter: Adapter): Promise<number> {
  const { rows } = await adapter.client!.execute('PRAGMA cache_size')
  return Number(Object.values(rows[0]!)[0])
}

describe('SQLite connection', () => {
  it('has a page cache of SQLITE_CACHE_MB, also when the connection is opened again', async () => {
    const adapter = await open({ SQLITE_CACHE_MB: '48' })
    expect(await cacheSize(adapter)).toBe(-48 * 1024)
    // As replaceLockedSqliteConnection does after a lock timeout.
    const stale = adapter.client!
    adapter.client = undefined
    await adapter.connect({ hotReload: true })
    stale.close()
    expect(adapter.client).not.toBe(stale)
    expect(await cacheSize(adapter)).toBe(-48 * 1024)
    const { rows } = await adapter.client!.execute('SELECT count(*) AS n FROM posts')
    expect(Number(rows[0]!.n)).toBe(0)
  })

  it("keeps SQLite's default with SQLITE_CACHE_MB=0, and 64 MB when unset", async () => {
    expect(await cacheSize(await open({ SQLITE_CACHE_MB: '0' }))).toBe(-2000)
    expect(await cacheSize(await open({}))).toBe(-64 * 1024)
  })
})
