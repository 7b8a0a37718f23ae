/**
 * The pieces of a backup that need no database: the encrypted frame format (wrong passphrase,
 * tampering, truncation, appended data), the restore's table order with cycles, the MongoDB ID
 * mapping, and the progress lines.
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import type { Field } from 'payload'
import { describe, expect, it } from 'vitest'

import { decryptStream, encryptStream } from '../../src/backup/encryption'
import { fromObjectId, mapDocumentIds, numericIdsFor, toObjectId } from '../../src/backup/mongoIds'
import { progressPrinter } from '../../src/backup/progress'
import { insertionPlan } from '../../src/backup/restore'
import type { TableInfo } from '../../src/backup/tables'

const PASSPHRASE = 'a passphrase long enough'

async function collect(source: Buffer, ...stages: NodeJS.ReadWriteStream[]): Promise<Buffer> {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    },
  })
  // Small pieces, so frames arrive split across writes as they do from a file.
  const pieces = Array.from({ length: Math.ceil(source.length / 7000) }, (_, i) =>
    source.subarray(i * 7000, (i + 1) * 7000),
  )
  await pipeline([Readable.from(pieces), ...stages, sink] as unknown as [Readable, Writable])
  return Buffer.concat(chunks)
}

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code ?? String(error),
  )

describe('archive encryption', () => {
  const plain = randomBytes(200_000)
  let sealed: Buffer

  it('round-trips through several frames', async () => {
    sealed = await collect(plain, await encryptStream(PASSPHRASE, 1))
    expect(sealed.subarray(0, 8).toString()).toBe('MSPNENC1')
    expect(sealed.includes(plain.subarray(0, 64))).toBe(false)
    expect((await collect(sealed, decryptStream(PASSPHRASE))).equals(plain)).toBe(true)
  })

  it('tells a wrong passphrase from damage', async () => {
    expect(await codeOf(collect(sealed, decryptStream('another passphrase entirely')))).toBe('WRONG_PASSPHRASE')
  })

  it('refuses a changed byte, a cut archive, a dropped frame and appended data', async () => {
    const flipped = Buffer.from(sealed)
    flipped[sealed.length - 100]! ^= 0x80
    expect(await codeOf(collect(flipped, decryptStream(PASSPHRASE)))).toBe('ARCHIVE_TAMPERED')
    expect(await codeOf(collect(sealed.subarray(0, 70_000), decryptStream(PASSPHRASE)))).toBe('ARCHIVE_TRUNCATED')
    // Cut exactly at a frame boundary: every frame present is authentic, but the final one is missing.
    const headerBytes = 8 + 4 + 16 + 8 + 16
    const firstFrame = 5 + 64 * 1024 + 16
    expect(await codeOf(collect(sealed.subarray(0, headerBytes + firstFrame), decryptStream(PASSPHRASE)))).toBe(
      'ARCHIVE_TRUNCATED',
    )
    const withoutSecond = Buffer.concat([
      sealed.subarray(0, headerBytes + firstFrame),
      sealed.subarray(headerBytes + 2 * firstFrame),
    ])
    expect(await codeOf(collect(withoutSecond, decryptStream(PASSPHRASE)))).toBe('ARCHIVE_TAMPERED')
    expect(await codeOf(collect(Buffer.concat([sealed, Buffer.from('extra')]), decryptStream(PASSPHRASE)))).toBe(
      'ARCHIVE_TAMPERED',
    )
  })
})

describe('restore order', () => {
  const table = (name: string, references: TableInfo['references'] = []) =>
    ({ name, references, columns: {}, hasId: true, table: {} }) as unknown as TableInfo

  it('puts referenced tables first and fills cyclic and self references afterwards', () => {
    const { order, deferred } = insertionPlan([
      table('posts_rels', [
        { key: 'parent', table: 'posts', notNull: true },
        { key: 'categoriesID', table: 'categories', notNull: false },
      ]),
      table('posts', [{ key: 'author', table: 'users', notNull: false }]),
      table('users', [{ key: 'avatar', table: 'media', notNull: false }]),
      table('media', [{ key: 'createdBy', table: 'users', notNull: false }]),
      table('categories', [{ key: 'parent', table: 'categories', notNull: false }]),
    ])
    const names = order.map((t) => t.name)
    expect(names.indexOf('posts')).toBeLessThan(names.indexOf('posts_rels'))
    expect(names.indexOf('categories')).toBeLessThan(names.indexOf('posts_rels'))
    expect(names.indexOf('users')).toBeLessThan(names.indexOf('posts'))
    expect(deferred.get('categories')).toEqual(['parent'])
    // users ↔ media: exactly one side of the cycle is filled in afterwards.
    expect([deferred.has('users'), deferred.has('media')].filter(Boolean)).toHaveLength(1)
    expect(deferred.has('posts_rels')).toBe(false)
  })
})

describe('MongoDB IDs', () => {
  it('maps numeric IDs to ObjectIds and back, per table', () => {
    const objectId = toObjectId('posts', 42)
    expect(objectId).toMatch(/^[0-9a-f]{24}$/)
    expect(fromObjectId('posts', objectId)).toBe(42)
    expect(fromObjectId('media', objectId)).toBeNull()
    expect(toObjectId('media', 42)).not.toBe(objectId)
  })

  it('numbers ObjectIds created on MongoDB after the decoded ones, in creation order', () => {
    const minted = toObjectId('posts', 7)
    const map = numericIdsFor('posts', ['65a000000000000000000002', minted, '65a000000000000000000001'])
    expect(map.get(minted)).toBe(7)
    expect(map.get('65a000000000000000000001')).toBe(8)
    expect(map.get('65a000000000000000000002')).toBe(9)
  })

  it('rewrites every kind of reference in a document', () => {
    const fields = [
      { name: 'author', type: 'relationship', relationTo: 'users' },
      { name: 'related', type: 'relationship', relationTo: ['posts', 'pages'], hasMany: true },
      { name: 'cover', type: 'upload', relationTo: 'media' },
      { name: 'meta', type: 'group', fields: [{ name: 'image', type: 'upload', relationTo: 'media' }] },
      {
        name: 'layout',
        type: 'blocks',
        blocks: [{ slug: 'gallery', fields: [{ name: 'images', type: 'upload', relationTo: 'media', hasMany: true }] }],
      },
      { name: 'content', type: 'richText' },
    ] as unknown as Field[]
    const doc = {
      id: 1,
      author: 3,
      related: [
        { relationTo: 'posts', value: 2 },
        { relationTo: 'pages', value: 5 },
      ],
      cover: 9,
      meta: { image: 10 },
      layout: [{ id: '66aa', blockType: 'gallery', images: [9, 10] }],
      content: { root: { children: [{ type: 'upload', relationTo: 'media', value: 11, id: 'node' }] } },
    }
    const mapped = mapDocumentIds(fields, doc, (collection, id) => toObjectId(collection, Number(id)))
    expect(mapped.author).toBe(toObjectId('users', 3))
    expect(mapped.related).toEqual([
      { relationTo: 'posts', value: toObjectId('posts', 2) },
      { relationTo: 'pages', value: toObjectId('pages', 5) },
    ])
    expect(mapped.cover).toBe(toObjectId('media', 9))
    expect(mapped.meta).toEqual({ image: toObjectId('media', 10) })
    expect(mapped.layout).toEqual([
      { id: '66aa', blockType: 'gallery', images: [toObjectId('media', 9), toObjectId('media', 10)] },
    ])
    expect(mapped.content).toEqual({
      root: { children: [{ type: 'upload', relationTo: 'media', value: toObjectId('media', 11), id: 'node' }] },
    })
    const back = mapDocumentIds(fields, mapped, (collection, id) => fromObjectId(collection, String(id)))
    expect(back).toEqual(doc)
  })
})

describe('progress', () => {
  it('prints one line per finished collection in logs, JSON with --json, and redraws on a terminal', () => {
    const lines: string[] = []
    const event = { phase: 'read', item: 'posts', itemDone: 10, itemTotal: 10, done: 10, total: 40, bytes: 2048 }
    progressPrinter('backup', { json: false, output: { write: (t) => lines.push(t) } })(event)
    expect(lines).toEqual(['backup: read posts 10/10 · 25% of 40 · 2.0 KB\n'])
    const json: string[] = []
    progressPrinter('backup', { json: true, output: { write: (t) => json.push(t) } })(event)
    expect(JSON.parse(json[0]!)).toMatchObject({ label: 'backup', item: 'posts', done: 10, total: 40 })
    const tty: string[] = []
    progressPrinter('backup', { json: false, output: { write: (t) => tty.push(t), isTTY: true } })({
      ...event,
      itemDone: 5,
    })
    expect(tty[0]!.startsWith('\r\u001b[K')).toBe(true)
  })
})
