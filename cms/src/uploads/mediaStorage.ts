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
import { s3Storage } from '@payloadcms/storage-s3'
import type { AfterErrorHook, CollectionConfig, Config, Plugin } from 'payload'

import { ERRORS } from '@mspn/contract/errors'

import type { MediaS3 } from '../env'

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

export function mediaStorage(s3: MediaS3 | undefined): Plugin {
  const plugin = s3Storage({
    enabled: s3 !== undefined,
    // The adapter's `prefix` and `_objectKey` columns exist whether or not S3 is on, so one set of
    // migrations fits both and a backup moves between disk and bucket (alwaysInsertFields adds them
    // when off; an explicit, empty collection prefix keeps `prefix` when on). Objects sit at the
    // bucket's top level under their file names, as files do in MEDIA_DIR.
    alwaysInsertFields: true,
    collections: { media: { prefix: '' } },
    bucket: s3?.bucket ?? '',
    config: s3 ? s3ClientConfig(s3) : {},
    // The adapter keeps one client per key for the process: key by endpoint too, so two
    // configurations naming the same bucket on different servers never share a client.
    clientCacheKey: s3 ? `media:${s3.endpoint ?? 'aws'}:${s3.region}:${s3.bucket}` : undefined,
  })
  return async (config) => readsUnavailable(await plugin(config))
}
