/**
 * A cache hit is cheap but complete: compressed variants decode to the very bytes of the answer,
 * ETag / 304 hold for every encoding, and each hit is logged (with its request ID and route) and
 * counted in the metrics like any other request.
 */
import { Writable } from 'node:stream'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { REDACTED_PATHS } from '../../src/server/logger'
import { startTestCms, type TestCms } from '../helpers/cms'
import { rawGet } from '../helpers/http'

let cms: TestCms
const lines: Record<string, unknown>[] = []

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  const logger = pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink)
  cms = await startTestCms({ seed: true, logger })
})

afterAll(async () => {
  await cms?.stop()
})

describe('cache hits', () => {
  const url = () => `${cms.api}/posts?limit=10&depth=1&sort=-publishedAt`

  it('sends gzip and brotli variants that decode to the identical body, with their own length', async () => {
    const miss = await rawGet(url())
    expect(miss.headers['x-cache']).toBe('MISS')
    const plain = await rawGet(url())
    expect(plain.headers['x-cache']).toBe('HIT')
    expect(plain.body.equals(miss.body)).toBe(true)
    expect(plain.body.length).toBeGreaterThan(1024)
    const decoders = { gzip: gunzipSync, br: brotliDecompressSync }
    for (const [encoding, decode] of Object.entries(decoders)) {
      for (let round = 0; round < 2; round++) {
        // The second round is served from the stored variant.
        const hit = await rawGet(url(), { 'accept-encoding': `${encoding}, deflate` })
        expect(hit.headers['x-cache']).toBe('HIT')
        expect(hit.headers['content-encoding']).toBe(encoding)
        expect(Number(hit.headers['content-length'])).toBe(hit.body.length)
        expect(hit.body.length).toBeLessThan(plain.body.length)
        expect(decode(hit.body).equals(plain.body)).toBe(true)
        expect(hit.headers.etag).toBe(plain.headers.etag)
        expect(hit.headers.vary).toContain('Accept-Encoding')
      }
    }
  })

  it('keeps one body for URLs whose answers are byte-identical (a tracking parameter), and one compressed copy', async () => {
    const cache = cms.app.cache!
    const path = '/api/v1/posts?limit=3&depth=0&sort=title'
    const variants = [path, `${path}&utm_source=news`, `${path}&_b=2`]
    for (const variant of variants) {
      expect((await rawGet(`${cms.url}${variant}`)).headers['x-cache']).toBe('MISS')
      await rawGet(`${cms.url}${variant}`, { 'accept-encoding': 'br' })
    }
    const held = variants.map((variant) => cache.lookup({ method: 'GET', url: variant, headers: {} } as never))
    expect(held.every(Boolean)).toBe(true)
    const [first, ...others] = held as NonNullable<(typeof held)[number]>[]
    for (const other of others) expect(other.body).toBe(first!.body)
    // Compressed once, for all three (on the entry they share it from).
    expect(first!.br).toBeInstanceOf(Buffer)
    for (const other of others) expect(other.br).toBeUndefined()
    // Another answer keeps its own body.
    await rawGet(`${cms.url}/api/v1/posts?limit=2&depth=0&sort=title`)
    const other = cache.lookup({ method: 'GET', url: '/api/v1/posts?limit=2&depth=0&sort=title', headers: {} } as never)
    expect(other?.body).not.toBe(first!.body)
    expect(other?.body.equals(first!.body)).toBe(false)
  })

  it('answers 304 to a matching ETag whatever the encoding', async () => {
    const { headers } = await rawGet(url())
    for (const encoding of ['identity', 'gzip', 'br']) {
      const notModified = await rawGet(url(), { 'if-none-match': headers.etag as string, 'accept-encoding': encoding })
      expect(notModified.status).toBe(304)
      expect(notModified.body.length).toBe(0)
    }
  })

  it('logs each hit at info with its request ID and route, and counts it', async () => {
    const hitsBefore = (await cms.app.metrics.cacheHits.get()).values[0]?.value ?? 0
    await rawGet(url())
    const hit = await rawGet(url(), { 'x-request-id': 'cache-hit-log-0001' })
    expect(hit.headers['x-cache']).toBe('HIT')
    expect(hit.headers['x-request-id']).toBe('cache-hit-log-0001')
    expect(hit.headers['x-content-type-options']).toBe('nosniff')
    const line = lines.find((entry) => entry.requestId === 'cache-hit-log-0001')
    expect(line).toMatchObject({ level: 30, cache: 'HIT', status: 200, method: 'GET', route: '/api/v1/posts' })
    expect(typeof line?.ms).toBe('number')
    const hitsAfter = (await cms.app.metrics.cacheHits.get()).values[0]?.value ?? 0
    expect(hitsAfter).toBeGreaterThanOrEqual(hitsBefore + 1)
    const durations = await cms.app.metrics.registry.getSingleMetricAsString('http_request_duration_seconds')
    expect(durations).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/posts",status="200"\} \d+/,
    )
  })
})
