/**
 * Media in an S3-compatible bucket (a real S3-protocol server, s3rver, started here): uploads and
 * their image sizes land in the bucket and not on disk, are served under the same URLs, and go
 * away with their document; two CMS processes sharing the database, Redis and the bucket serve
 * each other's uploads; a backup reads media from the bucket and restores them to a disk or a bucket.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runBackup } from '../../src/backup/backup'
import { runRestore } from '../../src/backup/restore'
import { bootPayload } from '../../src/cli/boot'
import { closeDatabase } from '../../src/database'
import { parseEnv } from '../../src/env'
import { createUser, login, startTestCms, TEST_SECRET, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'
import { images, solid } from '../helpers/images'
import { startApiProcess, type ApiProcess } from '../helpers/process'
import { startS3Server, type TestS3 } from '../helpers/s3Server'

const BUCKET = 'mspn-media'
const MIGRATED_BUCKET = 'mspn-migrated'
const SIZES = ['thumbnail', 'card', 'cardAvif', 'hero', 'heroAvif']

let s3: TestS3
let a: TestCms
let b: ApiProcess
let author: string
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-media-bucket-'))

interface MediaDoc {
  id: number | string
  filename: string
  url: string
  sizes: Record<string, { filename: string | null; url: string | null }>
}

beforeAll(async () => {
  s3 = await startS3Server([BUCKET, MIGRATED_BUCKET])
  // Both processes share the database, Redis (cache purges) and the bucket; each has its own (unused) media folder.
  const shared = {
    ...s3.env(BUCKET),
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `mspn-media-${randomBytes(4).toString('hex')}:`,
  }
  a = await startTestCms({ env: shared })
  b = await startApiProcess(
    {
      ...shared,
      DATABASE_URL: a.db.url,
      PAYLOAD_SECRET: TEST_SECRET,
      MEDIA_DIR: path.join(scratch, 'media-b'),
      // A Payload boot on a shared, busy machine.
    },
    180_000,
  )
  const { email, password } = await createUser(a, 'author', 'Bucket Author')
  author = await login(a, email, password)
}, 300_000)

afterAll(async () => {
  await b?.stop()
  await a?.stop()
  await s3?.stop()
  fs.rmSync(scratch, { recursive: true, force: true })
})

async function upload(api: string, bytes: Buffer, name: string, type = 'image/png') {
  const form = new FormData()
  form.append('_payload', JSON.stringify({ alt: `Alt of ${name}` }))
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  return request<{ doc: MediaDoc; errors?: { code: string }[] }>(`${api}/media`, {
    method: 'POST',
    body: form,
    auth: author,
  })
}

/** Fetches a file URL the CMS gave (absolute, naming PUBLIC_URL) from the process at `origin`. */
async function download(origin: string, url: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const response = await fetch(new URL(new URL(url, origin).pathname, origin))
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    type: response.headers.get('content-type'),
  }
}

/** The original and every size generated (sizes larger than the image are not: withoutEnlargement). */
const filesOf = (doc: MediaDoc) =>
  [doc.filename, ...SIZES.map((size) => doc.sizes[size]?.filename)].filter((name): name is string => !!name).sort()
const localFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }) : [])

describe('media in a bucket', () => {
  let png: Buffer
  let doc: MediaDoc

  it('stores an upload and its sizes in the bucket, not on disk, and serves them under the usual URLs', async () => {
    // Large enough that every size is generated (sharp, WebP and AVIF).
    png = await solid(900, 600).png().toBuffer()
    const created = await upload(a.api, png, 'photo.png')
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    doc = created.body.doc
    expect(doc.url).toBe(`${a.env.publicUrl}/api/v1/media/file/${doc.filename}`)
    expect(filesOf(doc)).toHaveLength(SIZES.length + 1)
    expect(await s3.keys(BUCKET)).toEqual(filesOf(doc))
    expect(localFiles(a.env.mediaDir)).toEqual([])

    const original = await download(a.url, doc.url)
    expect(original.status).toBe(200)
    expect(original.type).toBe('image/png')
    expect(original.bytes.equals(png)).toBe(true)
    const card = await download(a.url, doc.sizes.card!.url as string)
    expect(card.status).toBe(200)
    expect(card.type).toBe('image/webp')
    expect(card.bytes.subarray(8, 12).toString()).toBe('WEBP')
    // The media guards still decide: an unknown name is 404 in the envelope, not an S3 error.
    const missing = await request(`${a.api}/media/file/nothing-here.png`)
    expect(missing.status).toBe(404)
    expect(JSON.stringify(missing.body)).not.toMatch(/S3RVER|NoSuchKey|amazonaws|127\.0\.0\.1/)
  })

  it('still refuses what is not an image, and stores nothing for it', async () => {
    const before = await s3.keys(BUCKET)
    const html = Buffer.from('<html><script>alert(1)</script></html>')
    const refused = await upload(a.api, html, 'evil.png')
    expect(refused.status).toBe(415)
    expect(refused.body.errors?.[0]?.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(await s3.keys(BUCKET)).toEqual(before)
  })

  it("lets two processes sharing the database and the bucket serve each other's uploads", async () => {
    // B reads A's upload: the same document and the same bytes.
    const fromA = await request<MediaDoc>(`${a.api}/media/${doc.id}?depth=0`)
    const fromB = await request<MediaDoc>(`${b.url}/api/v1/media/${doc.id}?depth=0`)
    expect(fromB.status).toBe(200)
    expect(fromB.body).toEqual(fromA.body)
    const viaB = await download(b.url, doc.url)
    expect(viaB.status).toBe(200)
    expect(viaB.bytes.equals(png)).toBe(true)
    const avif = await download(b.url, doc.sizes.cardAvif!.url as string)
    expect(avif.type).toBe('image/avif')
    expect(avif.bytes.equals((await download(a.url, doc.sizes.cardAvif!.url as string)).bytes)).toBe(true)

    // And A serves what B stored; a name A already used gets a new one, never A's object.
    const second = await images.png()
    const created = await upload(`${b.url}/api/v1`, second, 'photo.png')
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.doc.filename).toBe('photo-1.png')
    const viaA = await download(a.url, created.body.doc.url)
    expect(viaA.status).toBe(200)
    expect(viaA.bytes.equals(second)).toBe(true)
    expect((await download(a.url, doc.url)).bytes.equals(png)).toBe(true)
    expect(localFiles(path.join(scratch, 'media-b'))).toEqual([])

    // Deleting on A removes the objects; B then answers 404 for them.
    const gone = created.body.doc
    const deleted = await request(`${a.api}/media/${gone.id}`, { method: 'DELETE', auth: author })
    expect(deleted.status).toBe(403) // authors may not delete media
    const editor = await createUser(a, 'editor', 'Bucket Editor')
    const asEditor = await login(a, editor.email, editor.password)
    expect((await request(`${a.api}/media/${gone.id}`, { method: 'DELETE', auth: asEditor })).status).toBe(200)
    const keys = await s3.keys(BUCKET)
    expect(filesOf(gone).filter((name) => keys.includes(name))).toEqual([])
    expect(keys).toEqual(filesOf(doc))
    expect((await download(b.url, gone.url)).status).toBe(404)
  })

  it('backs media up from the bucket and restores them to a disk, and from a disk to a bucket', async () => {
    const archive = path.join(scratch, 'with-bucket.tar.gz')
    const backup = await runBackup({
      payload: a.payload,
      file: archive,
      mediaDir: a.env.mediaDir,
      mediaBucket: a.env.media.s3,
    })
    expect(backup.manifest.media.files).toBe(filesOf(doc).length)

    // Into a fresh SQLite database with no bucket: the files land in its media folder.
    const mediaDir = path.join(scratch, 'restored-media')
    const env = parseEnv({
      APP_ENV: 'test',
      DATABASE_URL: `file:${path.join(scratch, 'restored.db')}`,
      PAYLOAD_SECRET: TEST_SECRET,
      MEDIA_DIR: mediaDir,
      LOG_LEVEL: 'silent',
    })
    expect(env.media.s3).toBeUndefined()
    const restored: Payload = await bootPayload(env, { key: 'media-bucket-restore' })
    try {
      const result = await runRestore({ payload: restored, file: archive, mediaDir, verify: true })
      expect(result.mediaFiles).toBe(filesOf(doc).length)
      expect(fs.readdirSync(mediaDir).sort()).toEqual(filesOf(doc))
      expect(fs.readFileSync(path.join(mediaDir, doc.filename)).equals(png)).toBe(true)

      // Moving local media to a bucket: back up the disk installation, restore with S3 configured.
      const fromDisk = path.join(scratch, 'from-disk.tar.gz')
      await runBackup({ payload: restored, file: fromDisk, mediaDir })
      const bucket = parseEnv({ ...s3.env(MIGRATED_BUCKET), APP_ENV: 'test' }).media.s3
      const migrated = await runRestore({
        payload: a.payload,
        file: fromDisk,
        mediaDir: a.env.mediaDir,
        mediaBucket: bucket,
        replace: true,
        verify: true,
      })
      expect(migrated.mediaFiles).toBe(filesOf(doc).length)
      expect(await s3.keys(MIGRATED_BUCKET)).toEqual(filesOf(doc))
    } finally {
      await closeDatabase(restored)
    }
  })

  it('answers 503 in the error envelope, naming no endpoint or key, while the bucket is unreachable', async () => {
    await s3.stop()
    const refused = await upload(a.api, await images.png(), 'while-down.png')
    expect(refused.status, JSON.stringify(refused.body)).toBe(503)
    expect(refused.body.errors?.[0]?.code).toBe('UNAVAILABLE')
    const read = await request(`${a.api}/media/file/${doc.filename}`)
    expect(read.status).toBe(503)
    expect(read.body.errors?.[0]?.code).toBe('UNAVAILABLE')
    for (const body of [JSON.stringify(refused.body), JSON.stringify(read.body)])
      expect(body).not.toMatch(/S3RVER|ECONNREFUSED|127\.0\.0\.1|mspn-media|stack/)
    // The failed upload left no document.
    expect((await a.payload.count({ collection: 'media', overrideAccess: true })).totalDocs).toBe(1)
  })
})
