/**
 * Where scheduled backups go: a folder (BACKUP_DIR) or an S3-compatible bucket. Both only ever see
 * names that match the scheduled-archive pattern, so retention never touches anything else there
 * (manual `npm run backup` archives, the status file, other objects under the prefix).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import type { Env } from '../env'
import { loadS3Sdk } from '../uploads/mediaStorage'

/** `mspn-scheduled-20261206T030000Z.tar.gz` (`.enc` when encrypted): sortable by name. */
export const SCHEDULED_NAME = /^mspn-scheduled-(\d{8}T\d{6}Z)\.tar(\.gz)?(\.enc)?$/

export function scheduledName(at: Date, options: { gzip: boolean; encrypted: boolean }): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
  return `mspn-scheduled-${stamp}.tar${options.gzip ? '.gz' : ''}${options.encrypted ? '.enc' : ''}`
}

/** The time a scheduled archive was taken, read from its name. */
export function timeOfName(name: string): Date | undefined {
  const stamp = SCHEDULED_NAME.exec(name)?.[1]
  if (!stamp) return undefined
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`
  return new Date(iso)
}

export interface BackupTarget {
  /** For logs: the folder or s3://bucket/prefix. */
  location: string
  /** Where the archive is written before `put` (the folder itself, so `put` is a rename); else a temp folder. */
  scratchDir?: string
  /** Stores a finished archive under `name`; nothing appears under that name before it is complete. */
  put: (file: string, name: string) => Promise<void>
  /** Scheduled archives present, oldest first. */
  list: () => Promise<string[]>
  remove: (name: string) => Promise<void>
  /** Copies one archive to a local file (restore, verification). */
  download: (name: string, file: string) => Promise<void>
}

export function directoryTarget(dir: string): BackupTarget {
  return {
    location: dir,
    scratchDir: dir,
    // The archive was written under a hidden partial name in this folder; renamed only when complete,
    // so a crash never leaves an archive that looks good.
    put: (file, name) => fs.promises.rename(file, path.join(dir, name)),
    list: async () => {
      if (!fs.existsSync(dir)) return []
      return (await fs.promises.readdir(dir)).filter((name) => SCHEDULED_NAME.test(name)).sort()
    },
    remove: (name) => fs.promises.rm(path.join(dir, name), { force: true }),
    download: (name, file) => fs.promises.copyFile(path.join(dir, name), file),
  }
}

/** A client for the backup bucket. The AWS SDK is imported here, not at start: most processes never need it. */
export async function s3Client(connection: Env['s3Connection']): Promise<S3Client> {
  const { S3Client } = await loadS3Sdk()
  const config: S3ClientConfig = { region: connection.region, forcePathStyle: connection.forcePathStyle }
  if (connection.endpoint) config.endpoint = connection.endpoint
  if (connection.credentials) config.credentials = connection.credentials
  return new S3Client(config)
}

/** Archives in `bucket` under `prefix`; the client is made on first use. */
export function s3Target(connection: Env['s3Connection'], bucket: string, prefix: string): BackupTarget {
  let made: Promise<S3Client> | undefined
  const client = () => (made ??= s3Client(connection))
  return {
    location: `s3://${bucket}/${prefix}`,
    // S3 shows an object only once its upload completed; multipart above 5 MiB (archives can exceed
    // the 5 GiB limit of one PUT).
    put: async (file, name) => {
      const { Upload } = await import('@aws-sdk/lib-storage')
      await new Upload({
        client: await client(),
        params: { Bucket: bucket, Key: `${prefix}${name}`, Body: fs.createReadStream(file) },
      }).done()
    },
    list: async () => {
      const { ListObjectsV2Command } = await loadS3Sdk()
      const names: string[] = []
      let token: string | undefined
      do {
        const page = await (
          await client()
        ).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(prefix.length)
          if (name && SCHEDULED_NAME.test(name)) names.push(name)
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
      return names.sort()
    },
    remove: async (name) => {
      const { DeleteObjectCommand } = await loadS3Sdk()
      await (await client()).send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}${name}` }))
    },
    download: async (name, file) => {
      const { GetObjectCommand } = await loadS3Sdk()
      const { Body } = await (await client()).send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${name}` }))
      if (!Body) throw new Error(`s3://${bucket}/${prefix}${name} has no body`)
      await pipeline(Body as Readable, fs.createWriteStream(file))
    },
  }
}

/** The target scheduled backups use: the bucket when BACKUP_S3_BUCKET is set, else BACKUP_DIR. */
export function backupTarget(env: Env): BackupTarget {
  const s3 = env.backup.s3
  return s3 ? s3Target(env.s3Connection, s3.bucket, s3.prefix) : directoryTarget(env.backup.dir)
}
