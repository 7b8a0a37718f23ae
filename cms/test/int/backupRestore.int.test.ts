/**
 * Backup and restore of the seeded content: the round trip compared document by document (documents,
 * every version and draft, globals, accounts), refusals that write nothing (tampered, truncated,
 * wrong passphrase, newer schema, non-empty target), a backup taken under 200 writes in flight, and,
 * where PostgreSQL is available, a SQLite → PostgreSQL → SQLite move whose accounts still sign in.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'
import tar from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runBackup, runRestore, type Manifest } from '../../src/backup'
import type { BackupErrorCode } from '../../src/backup/backupError'
import { countRows, describeTables, MIGRATIONS_TABLE, withSnapshot } from '../../src/backup/tables'
import { bootPayload } from '../../src/cli/boot'
import { closeDatabase } from '../../src/database'
import { parseEnv } from '../../src/env'
import { richText } from '../../src/seed/lexical'
import { ADMIN, startTestCms, TEST_SECRET, type TestCms } from '../helpers/cms'
import { createTestDatabase, testDbKind, type TestDatabase } from '../helpers/database'

const PASSPHRASE = 'correct horse battery staple'
const INTERNAL = new Set([
  'payload-migrations',
  'payload-preferences',
  'payload-locked-documents',
  'payload-jobs',
  'payload-kv',
])

let cms: TestCms
let work: string
const targets: { payload: Payload; db: TestDatabase; mediaDir: string }[] = []

/** A second, empty CMS database (migrated) with its own media folder, in this process. */
async function openTarget(kind: 'sqlite' | 'postgres' = testDbKind as 'sqlite' | 'postgres') {
  const db = await createTestDatabase(kind)
  const mediaDir = fs.mkdtempSync(path.join(work, 'media-'))
  const env = parseEnv({
    APP_ENV: 'test',
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'silent',
  })
  const payload = await bootPayload(env, { key: `target-${path.basename(mediaDir)}` })
  const target = { payload, db, mediaDir }
  targets.push(target)
  return target
}

/** Every document, version, draft and global as the Local API answers them (depth 0, hidden fields too). */
async function contentOf(payload: Payload) {
  const content: Record<string, unknown> = {}
  for (const collection of payload.config.collections) {
    if (INTERNAL.has(collection.slug)) continue
    const slug = collection.slug as 'posts'
    content[slug] = (
      await payload.find({
        collection: slug,
        depth: 0,
        pagination: false,
        sort: 'id',
        overrideAccess: true,
        showHiddenFields: true,
        draft: false,
      })
    ).docs
    if (collection.versions) {
      content[`${slug} versions`] = (
        await payload.findVersions({
          collection: slug,
          depth: 0,
          pagination: false,
          sort: 'id',
          overrideAccess: true,
          showHiddenFields: true,
        })
      ).docs
    }
  }
  for (const global of payload.config.globals) {
    const slug = global.slug as 'footer'
    content[`global ${slug}`] = await payload.findGlobal({
      slug,
      depth: 0,
      overrideAccess: true,
      showHiddenFields: true,
    })
  }
  return content
}

/** Rows in every table but the migration records. */
async function rowsIn(payload: Payload): Promise<number> {
  const tables = describeTables(payload).filter((t) => t.name !== MIGRATIONS_TABLE)
  return withSnapshot(payload, async (db) => {
    let total = 0
    for (const info of tables) total += await countRows(db, info)
    return total
  })
}

async function refusal(promise: Promise<unknown>): Promise<BackupErrorCode | 'resolved'> {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    const code = (error as { code?: BackupErrorCode }).code
    if (!code) throw error
    return code
  }
}

/** Rewrites a plain (not gzip, not encrypted) archive entry by entry. */
async function rewriteTar(from: string, to: string, change: (name: string, data: Buffer) => Buffer | null) {
  const entries: { name: string; data: Buffer }[] = []
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer))
    stream.on('end', () => {
      entries.push({ name: header.name, data: Buffer.concat(chunks) })
      next()
    })
  })
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', () => resolve())
    extract.on('error', reject)
    fs.createReadStream(from).pipe(extract as unknown as NodeJS.WritableStream)
  })
  const pack = tar.pack()
  for (const entry of entries) {
    const data = change(entry.name, entry.data)
    if (data) pack.entry({ name: entry.name }, data)
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
  fs.writeFileSync(to, Buffer.concat(chunks))
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-backup-test-'))
  // Writes queue for a pool connection while the snapshot holds one: the test is about consistency, not pool waits.
  cms = await startTestCms({ seed: true, env: { DATABASE_CONNECT_TIMEOUT_MS: '60000' } })
})

afterAll(async () => {
  for (const target of targets) {
    await closeDatabase(target.payload)
    await target.db.drop()
  }
  await cms?.stop()
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

describe('backup and restore', () => {
  let plain: string
  let encrypted: string
  let manifest: Manifest

  beforeAll(async () => {
    plain = path.join(work, 'plain.tar')
    encrypted = path.join(work, 'encrypted.tar.gz.enc')
    manifest = (await runBackup({ payload: cms.payload, file: plain, mediaDir: cms.env.mediaDir, gzip: false }))
      .manifest
    await runBackup({ payload: cms.payload, file: encrypted, mediaDir: cms.env.mediaDir, passphrase: PASSPHRASE })
  })

  it('writes a manifest: version, migrations, schema fingerprint, counts, checksums, accounts marked sensitive', async () => {
    expect(manifest.product.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(manifest.migrations.length).toBeGreaterThan(0)
    expect(manifest.schema.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const posts = await cms.payload.count({ collection: 'posts', overrideAccess: true })
    expect(manifest.collections.posts!.documents).toBe(posts.totalDocs)
    const versions = await cms.payload.countVersions({ collection: 'posts', overrideAccess: true })
    expect(manifest.collections.posts!.versions).toBe(versions.totalDocs)
    expect(manifest.collections.users).toMatchObject({ sensitive: true, documents: 1 })
    expect(manifest.collections['audit-logs']!.documents).toBeGreaterThan(0)
    expect(Object.keys(manifest.globals).sort()).toEqual(['footer', 'navigation', 'site-settings'])
    expect(manifest.media.files).toBeGreaterThan(0)
    for (const entry of Object.values(manifest.entries)) expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses tampered, truncated, wrong-passphrase and newer-schema archives, and a non-empty target, writing nothing', async () => {
    const target = await openTarget()
    const restore = (file: string, extra: { passphrase?: string; replace?: boolean } = {}) =>
      refusal(runRestore({ payload: target.payload, file, mediaDir: target.mediaDir, ...extra }))

    const tampered = path.join(work, 'tampered.tar')
    await rewriteTar(plain, tampered, (name, data) =>
      name === 'collections/posts.jsonl' ? Buffer.from(data.toString().replace(/"title":"/, '"title":"X')) : data,
    )
    expect(await restore(tampered)).toBe('ARCHIVE_TAMPERED')

    const bytes = fs.readFileSync(encrypted)
    const flipped = Buffer.from(bytes)
    flipped[Math.floor(bytes.length / 2)]! ^= 0x01
    fs.writeFileSync(path.join(work, 'tampered.enc'), flipped)
    expect(await restore(path.join(work, 'tampered.enc'), { passphrase: PASSPHRASE })).toBe('ARCHIVE_TAMPERED')

    fs.writeFileSync(path.join(work, 'truncated.enc'), bytes.subarray(0, Math.floor(bytes.length * 0.7)))
    expect(await restore(path.join(work, 'truncated.enc'), { passphrase: PASSPHRASE })).toBe('ARCHIVE_TRUNCATED')
    const plainBytes = fs.readFileSync(plain)
    fs.writeFileSync(path.join(work, 'truncated.tar'), plainBytes.subarray(0, Math.floor(plainBytes.length * 0.7)))
    expect(await restore(path.join(work, 'truncated.tar'))).toBe('ARCHIVE_TRUNCATED')

    expect(await restore(encrypted, { passphrase: 'not the passphrase at all' })).toBe('WRONG_PASSPHRASE')
    expect(await restore(encrypted)).toBe('PASSPHRASE_REQUIRED')

    const newer = path.join(work, 'newer.tar')
    await rewriteTar(plain, newer, (name, data) => {
      if (name !== 'manifest.json') return data
      const changed = JSON.parse(data.toString()) as Manifest
      changed.migrations.push('20991231_000000_from_the_future')
      return Buffer.from(JSON.stringify(changed))
    })
    expect(await restore(newer)).toBe('NEWER_SCHEMA')

    expect(await rowsIn(target.payload)).toBe(0)
    expect(fs.readdirSync(target.mediaDir)).toEqual([])

    // Once something is there, a second restore needs --replace; with it, the archive wins.
    await runRestore({ payload: target.payload, file: plain, mediaDir: target.mediaDir })
    const restored = await rowsIn(target.payload)
    expect(restored).toBeGreaterThan(0)
    expect(await restore(plain)).toBe('TARGET_NOT_EMPTY')
    await target.payload.create({
      collection: 'categories',
      data: { title: 'Extra', slug: 'extra' },
      overrideAccess: true,
    })
    expect(await restore(encrypted, { passphrase: PASSPHRASE, replace: true })).toBe('resolved')
    expect(await rowsIn(target.payload)).toBe(restored)
  }, 180_000)

  it('restores the seeded content identically, document by document, and verifies every row', async () => {
    const target = await openTarget()
    const result = await runRestore({
      payload: target.payload,
      file: encrypted,
      mediaDir: target.mediaDir,
      passphrase: PASSPHRASE,
      verify: true,
    })
    expect(result.verified).toBe(result.rows)
    expect(await contentOf(target.payload)).toEqual(await contentOf(cms.payload))
    expect(fs.readdirSync(target.mediaDir).sort()).toEqual(fs.readdirSync(cms.env.mediaDir).sort())
    // New documents continue after the restored IDs.
    const before = await target.payload.find({ collection: 'categories', sort: '-id', limit: 1, overrideAccess: true })
    const created = await target.payload.create({
      collection: 'categories',
      data: { title: 'After restore', slug: 'after-restore' },
      overrideAccess: true,
    })
    expect(created.id).toBeGreaterThan(before.docs[0]!.id)
  }, 180_000)

  it('takes a consistent snapshot while 200 writes are in flight', async () => {
    const [author] = (await cms.payload.find({ collection: 'users', limit: 1, overrideAccess: true })).docs
    // 200 writes in flight, 20 at a time: new posts (each a document and its first version, in one
    // transaction) and categories.
    const write = (i: number) =>
      i % 4 === 0
        ? cms.payload.create({
            collection: 'posts',
            data: {
              title: `Concurrent ${i}`,
              excerpt: `Written during a backup ${i}`,
              content: richText(`Body ${i}`),
              author: author!.id,
              _status: i % 8 ? 'published' : 'draft',
            },
            overrideAccess: true,
          })
        : cms.payload.create({ collection: 'categories', data: { title: `Concurrent ${i}` }, overrideAccess: true })
    let next = 0
    const writes = Array.from({ length: 20 }, async () => {
      while (next < 200) await write(next++)
    })
    const file = path.join(work, 'concurrent.tar.gz')
    const [backup] = await Promise.all([
      runBackup({ payload: cms.payload, file, mediaDir: cms.env.mediaDir }),
      Promise.all(writes),
    ])
    const target = await openTarget()
    await runRestore({ payload: target.payload, file, mediaDir: target.mediaDir, verify: true })
    for (const [slug, group] of Object.entries(backup.manifest.collections)) {
      if (INTERNAL.has(slug)) continue
      const count = await target.payload.count({ collection: slug as 'posts', overrideAccess: true })
      expect(count.totalDocs, slug).toBe(group.documents)
    }
    // Every document has its versions and every version its document: no torn write was captured.
    const posts = (
      await target.payload.find({ collection: 'posts', pagination: false, depth: 0, overrideAccess: true })
    ).docs
    const versions = (
      await target.payload.findVersions({ collection: 'posts', pagination: false, depth: 0, overrideAccess: true })
    ).docs
    const ids = new Set(posts.map((p) => p.id))
    const parentOf = (v: (typeof versions)[number]) =>
      typeof v.parent === 'object' ? (v.parent as { id: number }).id : v.parent
    const parents = new Set(versions.map(parentOf))
    for (const parent of parents) expect(ids.has(parent as number)).toBe(true)
    for (const id of ids) expect(parents.has(id)).toBe(true)
    for (const post of posts.filter((p) => p.title.startsWith('Concurrent'))) {
      const latest = versions.filter((v) => parentOf(v) === post.id).sort((a, b) => Number(b.id) - Number(a.id))[0]!
      expect(latest.version.title).toBe(post.title)
    }
    expect(backup.manifest.collections.posts!.documents).toBe(posts.length)
  }, 180_000)
})

if (testDbKind === 'postgres') {
  describe('moving between databases', () => {
    it('SQLite → PostgreSQL → SQLite keeps IDs, relationships, versions, drafts, media, audit log and sign-ins', async () => {
      // The seeded PostgreSQL database moved to SQLite is the starting point: SQLite with real content.
      const start = await openTarget('sqlite')
      await runRestore({
        payload: start.payload,
        file: await backupOf(cms.payload, cms.env.mediaDir, 'pg-seed.tar.gz'),
        mediaDir: start.mediaDir,
      })
      const pg = await openTarget('postgres')
      const phases: string[] = []
      await runRestore({
        payload: pg.payload,
        file: await backupOf(start.payload, start.mediaDir, 'sqlite-1.tar.gz'),
        mediaDir: pg.mediaDir,
        verify: true,
        onProgress: (event) => {
          if (event.phase === 'analyze') phases.push(`analyze ${event.itemDone}/${event.itemTotal}`)
          else if (phases.at(-1) !== event.phase) phases.push(event.phase)
        },
      })
      // ANALYZE reads every table: the restore says when it starts and when it is done, between the rows and the media.
      expect(phases.slice(phases.indexOf('write'))).toEqual(['write', 'analyze 0/1', 'analyze 1/1', 'media', 'verify'])
      // The planner knows what was loaded (refreshPlannerStatistics): without ANALYZE, pg_class keeps the
      // row count of the empty, just-migrated table until autovacuum comes round.
      const pool = (pg.payload.db as unknown as { pool: { query: (sql: string) => Promise<{ rows: any[] }> } }).pool
      const planned = await pool.query(
        `SELECT c.reltuples::int AS estimate, (SELECT count(*)::int FROM posts) AS actual FROM pg_class c WHERE c.relname = 'posts'`,
      )
      expect(planned.rows[0].actual).toBeGreaterThan(0)
      expect(planned.rows[0].estimate).toBe(planned.rows[0].actual)
      const end = await openTarget('sqlite')
      const file = await backupOf(pg.payload, pg.mediaDir, 'pg.tar.gz')
      await runRestore({ payload: end.payload, file, mediaDir: end.mediaDir, verify: true })

      const original = await contentOf(start.payload)
      expect(await contentOf(pg.payload)).toEqual(original)
      expect(await contentOf(end.payload)).toEqual(original)
      expect(fs.readdirSync(end.mediaDir).sort()).toEqual(fs.readdirSync(start.mediaDir).sort())
      for (const target of [pg, end]) {
        const { user } = await target.payload.login({
          collection: 'users',
          data: { email: ADMIN.email, password: ADMIN.password },
        })
        expect(user?.email).toBe(ADMIN.email)
      }
    }, 300_000)
  })
}

async function backupOf(payload: Payload, mediaDir: string, name: string): Promise<string> {
  const file = path.join(work, name)
  await runBackup({ payload, file, mediaDir })
  return file
}
