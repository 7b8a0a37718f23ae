/**
 * Scheduled backups to an S3-compatible bucket, against a real S3 protocol server (s3rver on a random
 * port and a temporary folder): archives are uploaded under BACKUP_S3_PREFIX, retention deletes the
 * oldest scheduled ones and nothing else in the bucket, the newest downloads and verifies, and the
 * last-success gauge is rebuilt from the bucket after a restart.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { verifyBackup } from '../../src/backup'
import { initBackupGauge } from '../../src/backup/scheduled'
import { backupTarget, s3Client, SCHEDULED_NAME, timeOfName } from '../../src/backup/targets'
import { recordBackupSuccess } from '../../src/server/metrics'
import { startTestCms, type TestCms } from '../helpers/cms'
import { runBackupsUntilSeen } from '../helpers/scheduledBackups'

const BUCKET = 'mspn-backups'
const PASSPHRASE = 'scheduled backups passphrase'
const silent = { error: () => undefined, info: () => undefined, warn: () => undefined }

let s3rver: S3rver
let storage: string
let cms: TestCms
let client: S3Client

async function keys(): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))
  return (page.Contents ?? []).map((object) => object.Key!).sort()
}

async function lastSuccess(): Promise<number> {
  const text = await cms.app.metrics.registry.metrics()
  const line = text.split('\n').find((l) => l.startsWith('mspn_backup_last_success_timestamp_seconds '))
  return Number(line?.split(' ')[1])
}

beforeAll(async () => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-s3rver-'))
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: storage,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  })
  const address = (await s3rver.run()) as AddressInfo
  cms = await startTestCms({
    env: {
      BACKUP_CRON: '* * * * * *',
      BACKUP_KEEP: '2',
      BACKUP_PASSPHRASE: PASSPHRASE,
      BACKUP_S3_BUCKET: BUCKET,
      BACKUP_S3_PREFIX: 'nightly/',
      S3_ENDPOINT: `http://127.0.0.1:${address.port}`,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
  })
  client = await s3Client(cms.env.s3Connection)
  // Objects retention must never touch: another prefix, and a non-archive under ours.
  for (const key of ['media/photo.jpg', 'nightly/README.txt', 'nightly/mspn-scheduled-x.tar.gz'])
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'other' }))
  await cms.payload.create({
    collection: 'categories',
    data: { title: 'In the bucket', slug: 'in-the-bucket' } as never,
  })
})

afterAll(async () => {
  client?.destroy()
  await cms?.stop()
  await s3rver?.close()
  fs.rmSync(storage, { recursive: true, force: true })
})

describe('scheduled backups to S3', () => {
  it('uploads on the cron, keeps BACKUP_KEEP archives, and the newest downloads and verifies', async () => {
    const started = Math.floor(Date.now() / 1000)
    const seen = await runBackupsUntilSeen(cms, async () =>
      (await keys()).filter((key) => SCHEDULED_NAME.test(key.slice('nightly/'.length))),
    )
    const all = await keys()
    const archives = all.filter((key) => key.startsWith('nightly/') && SCHEDULED_NAME.test(key.slice(8)))
    // At least three were uploaded; the two newest are kept.
    expect(archives).toEqual([...seen].sort().slice(-2))
    expect(await lastSuccess()).toBeGreaterThanOrEqual(started)
    expect(archives.every((key) => key.endsWith('.tar.gz.enc'))).toBe(true)
    expect(all.filter((key) => !archives.includes(key))).toEqual([
      'media/photo.jpg',
      'nightly/README.txt',
      'nightly/mspn-scheduled-x.tar.gz',
    ])

    const target = backupTarget(cms.env)
    const newest = (await target.list()).at(-1)!
    expect(`nightly/${newest}`).toBe(archives[1])
    const local = path.join(storage, 'downloaded.tar.gz.enc')
    await target.download(newest, local)
    const result = await verifyBackup({ env: cms.env, file: local, passphrase: PASSPHRASE })
    expect(result.manifest.collections.categories.documents).toBe(1)

    // A restart: the gauge starts from the newest archive in the bucket.
    recordBackupSuccess(new Date(0))
    const init = await initBackupGauge(cms.env, silent)
    expect(init?.toISOString()).toBe(timeOfName(newest)?.toISOString())
    expect(await lastSuccess()).toBe(Math.floor(init!.getTime() / 1000))
  })
})
