/**
 * Media storage without a bucket: the configuration Payload's S3 adapter produces when it is off,
 * without importing the adapter (and the AWS SDK it brings, about 35 MB of memory); the SDK is
 * imported by the first backup or restore that needs a bucket.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { s3Storage } from '@payloadcms/storage-s3'
import type { Config } from 'payload'
import { describe, expect, it } from 'vitest'

import { MEDIA_STORAGE, storageFieldsOnly } from '../../src/uploads/mediaStorage'

const cms = path.resolve(import.meta.dirname, '../..')

/** A config with an upload collection named media, fresh each time (the plugins change what they are given). */
const baseConfig = (): Config =>
  ({
    secret: 'test',
    collections: [
      { slug: 'media', upload: { staticDir: '/tmp/media' }, fields: [{ name: 'alt', type: 'text' }] },
      { slug: 'posts', fields: [{ name: 'title', type: 'text' }] },
    ],
  }) as unknown as Config

/** The config as data: functions by name (hooks are new closures on every call). */
const shape = (config: Config) =>
  JSON.parse(
    JSON.stringify(config, (_key, value: unknown) => (typeof value === 'function' ? `function ${value.name}` : value)),
  )

describe('media storage without a bucket', () => {
  it("is the configuration of Payload's S3 adapter switched off", async () => {
    const adapterOff = await s3Storage({
      enabled: false,
      alwaysInsertFields: MEDIA_STORAGE.alwaysInsertFields,
      collections: MEDIA_STORAGE.collections,
      bucket: '',
      config: {},
    })(baseConfig())
    const ours = await storageFieldsOnly(baseConfig())
    expect(shape(ours)).toEqual(shape(adapterOff))
    // And it is not empty: the storage fields and the import-map entry are there.
    const media = shape(ours).collections.find((collection: { slug: string }) => collection.slug === 'media')
    expect(media.fields.map((field: { name: string }) => field.name)).toEqual(expect.arrayContaining(['alt', 'prefix']))
    expect(shape(ours).admin.dependencies).toHaveProperty([MEDIA_STORAGE.clientHandler])
  })

  it('leaves the AWS SDK unloaded by the config and the backup code, until a bucket is used', () => {
    const script = `
      import { registerHooks } from 'node:module'
      const loaded = new Set()
      registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); if (/@aws-sdk\\//.test(result.url)) loaded.add(specifier); return result } })
      const { default: config } = await import('./src/payload.config.ts')
      await config
      const { s3Client, backupTarget } = await import('./src/backup/targets.ts')
      await import('./src/backup/mediaBucket.ts')
      await import('./src/backup/restore.ts')
      const before = [...loaded]
      const client = await s3Client({ region: 'us-east-1', forcePathStyle: true, endpoint: 'http://127.0.0.1:9' })
      client.destroy()
      console.log(JSON.stringify({ before, after: [...loaded].includes('@aws-sdk/client-s3') }))
    `
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: cms,
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, DATABASE_URL: 'file::memory:', PAYLOAD_SECRET: 'unit-test-secret-0123456789abcdef' },
    })
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ before: [], after: true })
  }, 60_000)
})
