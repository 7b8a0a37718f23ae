/**
 * Media on S3-compatible object storage (AWS S3, MinIO, R2…) through Payload's official adapter,
 * when env.media.s3 is set; otherwise files stay in MEDIA_DIR on local disk.
 *
 * Files are still served by Payload under `/api/v1/media/file/:filename` (the adapter's
 * staticHandler streams them from the bucket): same URLs as on disk, same access control and
 * response headers, and the bucket stays private. The upload guards (collections/Media/hooks)
 * run before the adapter sees a file, so sniffing, pixel limits and safe names hold as on disk.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3'
import { cloudStoragePlugin } from '@payloadcms/plugin-cloud-storage'
import { initClientUploads } from '@payloadcms/plugin-cloud-storage/utilities'
import type { AfterErrorHook, CollectionConfig, Config, Plugin } from 'payload'

import { ERRORS } from '@mspn/contract/errors'

import type { MediaS3 } from '../env'

/** The AWS SDK's S3 client, imported on first use (media in a bucket, backup and restore): not by every server at start. */
export const loadS3Sdk = () => import('@aws-sdk/client-s3')

/** The SDK client settings for a configured bucket (shared with backup and restore). */
export function s3ClientConfig(s3: MediaS3): S3ClientConfig {
  return {
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    // Bounded waits: an unreachable or stalled bucket fails the request instead of holding it. Keep-alive
    // sockets as the adapter's own default (which this replaces).
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 60_000,
      httpAgent: { keepAlive: true, maxSockets: 100 },
      httpsAgent: { keepAlive: true, maxSockets: 100 },
    },
  }
}

/** The S3 client tags every error it throws with `$metadata`: the bucket is unreachable or refused us. */
export function isStorageError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && '$metadata' in error
}

/** An upload or delete that failed on the bucket: 503 UNAVAILABLE (a retry may succeed), not a 500. */
export const storageUnavailable: AfterErrorHook = ({ error }) => {
  if (!isStorageError(error)) return
  return { status: ERRORS.UNAVAILABLE.status, response: { errors: [{ message: ERRORS.UNAVAILABLE.message }] } }
}

type UploadHandler = NonNullable<Extract<CollectionConfig['upload'], object>['handlers']>[number]

/** The adapter answers a failed read with a bare 500 (and logs why): make it 503 as well. */
function readsUnavailable(config: Config): Config {
  const wrap = (handler: UploadHandler): UploadHandler =>
    // A handler answers a Response or nothing (the next one then decides); the union confuses inference.
    (async (req, args) => {
      const response = await handler(req, args)
      return response instanceof Response && response.status === 500 ? new Response(null, { status: 503 }) : response
    }) as UploadHandler
  return {
    ...config,
    collections: config.collections?.map((collection) =>
      collection.slug === 'media' && typeof collection.upload === 'object'
        ? { ...collection, upload: { ...collection.upload, handlers: collection.upload.handlers?.map(wrap) } }
        : collection,
    ),
  }
}

/** The S3 adapter's settings that hold whether or not it is on. */
export const MEDIA_STORAGE = {
  // The adapter's `prefix` and `_objectKey` columns exist whether or not S3 is on, so one set of
  // migrations fits both and a backup moves between disk and bucket (alwaysInsertFields adds them
  // when off; an explicit, empty collection prefix keeps `prefix` when on). Objects sit at the
  // bucket's top level under their file names, as files do in MEDIA_DIR.
  alwaysInsertFields: true,
  collections: { media: { prefix: '' } },
  /** What the S3 adapter registers in the admin's import map, on or off. */
  clientHandler: '@payloadcms/storage-s3/client#S3ClientUploadHandler',
  signedUrlPath: '/storage-s3-generate-signed-url',
} as const

/**
 * Payload's S3 adapter when a bucket is configured. Without one, what that adapter does when it is
 * off (`enabled: false`: the storage fields and the admin's import-map entry, through Payload's
 * cloud-storage plugin it is built on), without importing it: it imports the AWS SDK, about 35 MB
 * of memory that a process storing media on disk never uses. `mediaStorage.test.ts` holds the two to
 * the same configuration.
 */
export function mediaStorage(s3: MediaS3 | undefined): Plugin {
  return async (config) => {
    if (!s3) return readsUnavailable(await storageFieldsOnly(config))
    const { s3Storage } = await import('@payloadcms/storage-s3')
    const plugin = s3Storage({
      enabled: true,
      alwaysInsertFields: MEDIA_STORAGE.alwaysInsertFields,
      collections: MEDIA_STORAGE.collections,
      bucket: s3.bucket,
      config: s3ClientConfig(s3),
      // The adapter keeps one client per key for the process: key by endpoint too, so two
      // configurations naming the same bucket on different servers never share a client.
      clientCacheKey: `media:${s3.endpoint ?? 'aws'}:${s3.region}:${s3.bucket}`,
    })
    return readsUnavailable(await plugin(config))
  }
}

export function storageFieldsOnly(config: Config): Config | Promise<Config> {
  initClientUploads({
    clientHandler: MEDIA_STORAGE.clientHandler,
    collections: MEDIA_STORAGE.collections,
    config,
    enabled: false,
    // Registered only when client uploads are on, which needs the adapter.
    serverHandler: () => new Response(null, { status: 404 }),
    serverHandlerPath: MEDIA_STORAGE.signedUrlPath,
  })
  return cloudStoragePlugin({
    alwaysInsertFields: MEDIA_STORAGE.alwaysInsertFields,
    collections: { media: { ...MEDIA_STORAGE.collections.media, adapter: null } },
    enabled: false,
  })(config)
}
