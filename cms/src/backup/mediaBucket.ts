/**
 * The media files of a backup when they live in a bucket (uploads/mediaStorage.ts): the objects the
 * media documents name are fetched into a folder the archive is written from, and a restore puts the
 * archive's files back as objects. The rest of backup and restore deals in folders as on disk.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Payload } from 'payload'

import type { MediaS3 } from '../env'
import { loadS3Sdk, s3ClientConfig } from '../uploads/mediaStorage'
import { sniffImageType } from '../uploads/sniffImageType'

interface StoredMedia {
  filename?: string | null
  prefix?: string | null
  _objectKey?: string | null
  sizes?: Record<string, { filename?: string | null } | null> | null
}

/** The object key of each file of a media document, as the adapter stores it (folder + file name). */
function keysOf(doc: StoredMedia): string[] {
  const folder = [doc.prefix, doc._objectKey].filter(Boolean).join('/')
  const names = [doc.filename, ...Object.values(doc.sizes ?? {}).map((size) => size?.filename)]
  return names.filter((name): name is string => Boolean(name)).map((name) => (folder ? `${folder}/${name}` : name))
}

/** Keys must stay inside the folder they are written to: no absolute paths, no `..`. */
function isSafeKey(key: string): boolean {
  return !key.startsWith('/') && !key.split('/').some((part) => part === '..' || part === '') && !key.includes('\0')
}

/**
 * Copies every object a media document names into `dir` (keys become relative paths). An object
 * that is gone is skipped: the archive then lacks it, as a file missing from the upload folder would.
 */
export async function fetchMediaObjects(payload: Payload, s3: MediaS3, dir: string): Promise<void> {
  const { docs } = await payload.find({ collection: 'media', depth: 0, pagination: false, overrideAccess: true })
  const keys = [...new Set(docs.flatMap((doc) => keysOf(doc as StoredMedia)))].filter(isSafeKey).sort()
  const { GetObjectCommand, NoSuchKey, S3Client } = await loadS3Sdk()
  const client = new S3Client(s3ClientConfig(s3))
  try {
    for (const key of keys) {
      let body: Uint8Array
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
        body = await object.Body!.transformToByteArray()
      } catch (error) {
        if (error instanceof NoSuchKey) continue
        throw error
      }
      const target = path.join(dir, key)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.writeFileSync(target, body)
    }
  } finally {
    client.destroy()
  }
}

/** Writes files (relative paths under `dir`) to the bucket as objects of the same keys. */
export async function putMediaObjects(
  s3: MediaS3,
  dir: string,
  keys: string[],
  onFile: (key: string, index: number) => void,
): Promise<void> {
  const { PutObjectCommand, S3Client } = await loadS3Sdk()
  const client = new S3Client(s3ClientConfig(s3))
  try {
    for (const [index, key] of keys.entries()) {
      const body = fs.readFileSync(path.join(dir, key))
      // The adapter serves an object with the Content-Type it was stored with.
      const type = (await sniffImageType(body))?.mime ?? 'application/octet-stream'
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body, ContentType: type }))
      onFile(key, index)
    }
  } finally {
    client.destroy()
  }
}

/** Keys whose object is missing from the bucket or differs from the file under `dir`. */
export async function differingMediaObjects(s3: MediaS3, dir: string, keys: string[]): Promise<string[]> {
  const { GetObjectCommand, NoSuchKey, S3Client } = await loadS3Sdk()
  const client = new S3Client(s3ClientConfig(s3))
  const differing: string[] = []
  try {
    for (const key of keys) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
        const body = Buffer.from(await object.Body!.transformToByteArray())
        if (!body.equals(fs.readFileSync(path.join(dir, key)))) differing.push(key)
      } catch (error) {
        if (!(error instanceof NoSuchKey)) throw error
        differing.push(key)
      }
    }
  } finally {
    client.destroy()
  }
  return differing
}
