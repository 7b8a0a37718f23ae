import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { databaseAdapter, mongoSupportsTransactions, resolveSqliteUrl } from '../../src/database'
import { cmsRoot, parseEnv } from '../../src/env'

const adapterFor = (url: string) => databaseAdapter(parseEnv({ DATABASE_URL: url }).database)

describe('database adapter selection', () => {
  it('uses SQLite for file: URLs, relative to the cms package', async () => {
    const adapter = await adapterFor('file:./data/unit-test.db')
    expect(adapter.name).toBe('sqlite')
    expect(adapter.defaultIDType).toBe('number')
    expect(resolveSqliteUrl('file:./data/unit-test.db')).toBe(`file:${path.join(cmsRoot, 'data', 'unit-test.db')}`)
    expect(resolveSqliteUrl('file:/tmp/abs.db')).toBe('file:/tmp/abs.db')
  })

  it('uses PostgreSQL for postgres:// and postgresql:// URLs', async () => {
    expect((await adapterFor('postgres://u@127.0.0.1:5432/db')).name).toBe('postgres')
    expect((await adapterFor('postgresql://u@127.0.0.1:5432/db')).name).toBe('postgres')
  })

  it('uses MongoDB for mongodb:// URLs, with string ids', async () => {
    const adapter = await adapterFor('mongodb://127.0.0.1:27017/cms')
    expect(adapter.name).toBe('mongoose')
    expect(adapter.defaultIDType).toBe('text')
  })

  it('turns MongoDB transactions on only for replica sets', () => {
    expect(mongoSupportsTransactions('mongodb://127.0.0.1:27017/cms')).toBe(false)
    expect(mongoSupportsTransactions('mongodb://mongo:27017/cms?replicaSet=rs0')).toBe(true)
    expect(mongoSupportsTransactions('mongodb+srv://cluster.example.net/cms')).toBe(true)
  })

  it('refuses an unknown scheme with a clear error', async () => {
    await expect(
      databaseAdapter({ url: 'mysql://h/db', kind: 'sqlite', poolMax: 1, connectTimeoutMs: 1000, queryTimeoutMs: 0 }),
    ).rejects.toThrow('Unsupported DATABASE_URL "mysql://h/db": use file:, postgres:// or mongodb://')
  })
})
