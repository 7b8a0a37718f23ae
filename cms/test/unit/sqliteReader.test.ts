/**
 * The SQLite reader (publicReads/sqliteReader.ts): a second connection that keeps statements
 * prepared, reads committed data only, refuses writes, and is not opened for what is not a file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'

import { openSqliteReader } from '../../src/server/publicReads/sqliteReader'

const scratch: string[] = []
afterEach(() => {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function database(): { file: string; writer: InstanceType<typeof Database> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-reader-'))
  scratch.push(dir)
  const file = path.join(dir, 'cms.db')
  const writer = new Database(file)
  writer.exec('PRAGMA journal_mode = WAL')
  writer.exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, slug TEXT, featured INTEGER)')
  writer.exec("INSERT INTO posts (slug, featured) VALUES ('a', 1), ('b', 0), ('c', 1)")
  return { file, writer }
}

describe('openSqliteReader', () => {
  it('opens only for an existing file', () => {
    expect(openSqliteReader(undefined)).toBeNull()
    expect(openSqliteReader('file::memory:')).toBeNull()
    expect(openSqliteReader('libsql://example.invalid')).toBeNull()
    expect(openSqliteReader(`file:${path.join(os.tmpdir(), 'mspn-no-such-dir', 'cms.db')}`)).toBeNull()
    // A path SQLite cannot open (a folder): no reader, rather than a failed start.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-reader-'))
    scratch.push(dir)
    expect(openSqliteReader(`file:${dir}`)).toBeNull()
  })

  it('runs a kept statement again with new values, binds booleans as SQLite does, and sees later commits', () => {
    const { file, writer } = database()
    const reader = openSqliteReader(`file:${file}`)!
    try {
      const bySlug = reader.prepare('SELECT id FROM posts WHERE slug = ? ORDER BY id')
      expect(bySlug.all(['a'])).toEqual([[1]])
      expect(bySlug.all(['c'])).toEqual([[3]])
      const featured = reader.prepare('SELECT count(*) FROM posts WHERE featured = ?')
      expect(featured.all([true])).toEqual([[2]])
      expect(featured.all([false])).toEqual([[1]])
      writer.exec("INSERT INTO posts (slug, featured) VALUES ('d', 1)")
      expect(featured.all([true])).toEqual([[3]])
      // An open write transaction on the writer is not seen until it commits.
      writer.exec('BEGIN IMMEDIATE')
      writer.exec("DELETE FROM posts WHERE slug = 'a'")
      expect(bySlug.all(['a'])).toEqual([[1]])
      writer.exec('COMMIT')
      expect(bySlug.all(['a'])).toEqual([])
    } finally {
      reader.close()
      writer.close()
    }
  })

  it('refuses to write', () => {
    const { file, writer } = database()
    const reader = openSqliteReader(`file:${file}`)!
    try {
      // A statement that returns rows, so it is not refused only for that.
      expect(() => reader.prepare("DELETE FROM posts WHERE slug = 'a' RETURNING id").all([])).toThrow(
        /readonly|query_only|attempt to write/i,
      )
      expect(writer.prepare('SELECT count(*) AS n FROM posts').get()).toEqual({ n: 3 })
    } finally {
      reader.close()
      writer.close()
    }
  })
})
