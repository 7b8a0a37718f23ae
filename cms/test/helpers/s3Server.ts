/** A real S3-protocol server (s3rver) on a free port and a temporary folder, with the buckets a test needs. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'

/** s3rver accepts any credentials; these only have to be present. */
export const S3_ACCESS_KEY_ID = 'S3RVER'
export const S3_SECRET_ACCESS_KEY = 'S3RVER-test-secret'

export interface TestS3 {
  endpoint: string
  /** The S3_* variables naming `bucket` on this server. */
  env: (bucket: string) => Record<string, string>
  /** Every key in `bucket`, sorted. */
  keys: (bucket: string) => Promise<string[]>
  /** Idempotent: a test may stop the server to see the CMS without its bucket. */
  stop: () => Promise<void>
}

export async function startS3Server(buckets: string[]): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  let stopped = false
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY },
  })
  return {
    endpoint,
    env: (bucket) => ({
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    }),
    keys: async (bucket) => {
      const keys: string[] = []
      let token: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
        keys.push(...(page.Contents ?? []).map((object) => object.Key as string))
        token = page.NextContinuationToken
      } while (token)
      return keys.sort()
    },
    stop: async () => {
      if (stopped) return
      stopped = true
      client.destroy()
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}
