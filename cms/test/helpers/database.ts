/**
 * One throwaway database per test file, on the adapter this Vitest project is for
 * (TEST_DB / TEST_DB_URL, set in vitest.config.ts).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export type TestDatabase = {
  kind: 'sqlite' | 'postgres' | 'mongodb'
  url: string
  drop: () => Promise<void>
}

export const testDbKind = (process.env.TEST_DB ?? 'sqlite') as TestDatabase['kind']

/** A database of this project's kind, or of another one this run has (postgres needs TEST_DB_URL). */
export async function createTestDatabase(kind: TestDatabase['kind'] = testDbKind): Promise<TestDatabase> {
  const name = `mspn_test_${process.pid}_${randomBytes(4).toString('hex')}`
  if (kind === 'postgres') {
    const serverUrl = process.env.TEST_DB_URL as string
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${name}"`)
    await admin.end()
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    return {
      kind: 'postgres',
      url: url.toString(),
      drop: async () => {
        const client = new pg.Client({ connectionString: serverUrl })
        await client.connect()
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await client.end()
      },
    }
  }
  if (kind === 'mongodb') {
    const url = new URL(process.env.TEST_DB_URL as string)
    url.pathname = `/${name}`
    // Dropped through the adapter's connection by the caller (see startTestCms).
    return { kind: 'mongodb', url: url.toString(), drop: async () => undefined }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-test-'))
  return {
    kind: 'sqlite',
    url: `file:${path.join(dir, 'cms.db')}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}
