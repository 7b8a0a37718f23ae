/**
 * The hit listener (publicReads/hitListener.ts) answers cache hits before Express. Whatever it
 * sends must be what Express's path sends for the same request: the same app is served twice, by
 * its listener and by Express alone, and every answer is compared header line by header line (in
 * order, duplicates included; only Date and a generated X-Request-Id may differ) and byte by byte.
 * The rules a hit obeys hold on the new path too: the API budget, metrics, logs, shutdown and the
 * deadline while a count waits.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { SITE_IDENTITY_HEADER, signSiteIdentity, siteIdentityKey } from '@mspn/contract/site-identity'

import { listen } from '../../src/server'
import { hitListener } from '../../src/server/publicReads/hitListener'
import { startTestCms, type TestCms } from '../helpers/cms'

const SECRET = 'hit-listener-int-secret-0123456789abcdef'
const ORIGIN = 'https://site.hit.example'

interface Raw {
  status: number
  /** Header lines as sent, in order: [name, value] pairs. */
  lines: [string, string][]
  body: Buffer
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const lines: [string, string][] = []
        for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i], res.rawHeaders[i + 1]])
        resolve({ status: res.statusCode ?? 0, lines, body: Buffer.concat(chunks) })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** What must be equal: everything but Date, and X-Request-Id when the server made one up. */
const comparable = (raw: Raw, idGiven: boolean) => ({
  status: raw.status,
  lines: raw.lines.map(([name, value]) =>
    /^date$/i.test(name) || (!idGiven && /^x-request-id$/i.test(name)) ? [name, '*'] : [name, value],
  ),
  body: raw.body.toString('base64'),
})

let cms: TestCms
let express: string
let expressServer: http.Server
const lines: Record<string, unknown>[] = []

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  cms = await startTestCms({
    seed: true,
    env: { CORS_ORIGINS: ORIGIN, REVALIDATE_SECRET: SECRET },
    logger: pino({ level: 'info' }, sink),
  })
  // The same app (same cache, counters and metrics), served by Express alone.
  expressServer = await listen(cms.app.app, '127.0.0.1', 0)
  express = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}/api/v1`
})

afterAll(async () => {
  expressServer?.closeAllConnections()
  expressServer?.close()
  await cms?.stop()
})

/** Express's app.handle (not in its types), which every request Express serves goes through. */
const spyOnExpress = () => vi.spyOn(cms.app.app as unknown as { handle: (...args: unknown[]) => void }, 'handle')

/** Sends one request to both servers and expects the same answer; returns the listener's. */
async function same(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  const handle = spyOnExpress()
  const ours = await get(`${cms.api}${path}`, headers, method)
  // Answered before Express: the app never saw it.
  expect(handle).not.toHaveBeenCalled()
  const theirs = await get(`${express}${path}`, headers, method)
  expect(handle).toHaveBeenCalledTimes(1)
  handle.mockRestore()
  const idGiven = 'x-request-id' in headers
  expect(comparable(ours, idGiven)).toEqual(comparable(theirs, idGiven))
  return ours
}

describe('the hit listener', () => {
  const path = '/posts?limit=10&depth=1&sort=-publishedAt'

  beforeAll(async () => {
    expect((await get(`${cms.api}${path}`)).lines).toContainEqual(['X-Cache', 'MISS'])
    expect((await get(`${cms.api}/categories?limit=1`)).lines).toContainEqual(['X-Cache', 'MISS'])
  })

  it('sends what Express sends for a plain hit, with a given or a new request ID', async () => {
    const hit = await same(path, { 'x-request-id': 'given-id-0001' })
    expect(hit.status).toBe(200)
    expect(hit.lines).toContainEqual(['X-Cache', 'HIT'])
    expect(hit.lines).toContainEqual(['X-Request-Id', 'given-id-0001'])
    expect(hit.body.length).toBeGreaterThan(1024)
    const fresh = await same(path)
    expect(fresh.lines.find(([name]) => name === 'X-Request-Id')?.[1]).toMatch(/^[0-9a-f-]{36}$/)
    await same('/categories?limit=1', { 'x-request-id': 'given-id-0002' })
  })

  it('sends the same compressed variants, HEAD answers and 304s', async () => {
    for (const encoding of ['gzip', 'br', 'gzip, deflate, br', 'identity'])
      await same(path, { 'accept-encoding': encoding, 'x-request-id': 'given-id-0003' })
    await same(path, { 'x-request-id': 'given-id-0004' }, 'HEAD')
    const etag = (await get(`${cms.api}${path}`)).lines.find(([name]) => name === 'ETag')?.[1] ?? ''
    const notModified = await same(path, { 'if-none-match': etag, 'x-request-id': 'given-id-0005' })
    expect(notModified.status).toBe(304)
    expect(notModified.body.length).toBe(0)
  })

  it('sends the same CORS headers to an allowed origin and none to another', async () => {
    const allowed = await same(path, { origin: ORIGIN, 'x-request-id': 'given-id-0006' })
    expect(allowed.lines).toContainEqual(['Access-Control-Allow-Origin', ORIGIN])
    const other = await same(path, { origin: 'https://elsewhere.example', 'x-request-id': 'given-id-0007' })
    expect(other.lines.some(([name]) => /^access-control/i.test(name))).toBe(false)
    expect(other.lines).toContainEqual(['Vary', 'Origin'])
  })

  it('serves the site’s signed reads and leaves a forged identity to Express', async () => {
    const key = siteIdentityKey(SECRET)
    await same(path, { [SITE_IDENTITY_HEADER]: signSiteIdentity(key, '203.0.113.7'), 'x-request-id': 'given-id-0008' })
    const handle = spyOnExpress()
    const forged = await get(`${cms.api}${path}`, { [SITE_IDENTITY_HEADER]: 't=1,a=,v1=forged' })
    expect(forged.status).toBe(200)
    expect(handle).toHaveBeenCalledTimes(1)
    handle.mockRestore()
  })

  it('logs each hit with its request ID and counts it in the metrics', async () => {
    const metric = async () =>
      (await cms.app.metrics.registry.getSingleMetric('http_request_duration_seconds')?.get())?.values.find(
        (value) =>
          (value as { metricName?: string }).metricName === 'http_request_duration_seconds_count' &&
          value.labels.status === '200' &&
          value.labels.method === 'GET' &&
          String(value.labels.route).includes('posts'),
      )?.value ?? 0
    const hits = async () => (await cms.app.metrics.cacheHits.get()).values[0]?.value ?? 0
    const [timedBefore, hitsBefore] = [await metric(), await hits()]
    await get(`${cms.api}${path}`, { 'x-request-id': 'logged-hit-0001' })
    await vi.waitFor(async () => expect(await metric()).toBe(timedBefore + 1))
    expect(await hits()).toBe(hitsBefore + 1)
    expect(cms.app.metrics.inFlight()).toBe(0)
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ requestId: 'logged-hit-0001', cache: 'HIT', status: 200, method: 'GET' }),
      ),
    )
  })

  it('counts hits against the API budget and hands the refusal to Express', async () => {
    const api = await cms.extraApp({ RATE_LIMIT_API_PER_MINUTE: '3', CACHE_ENABLED: 'true' })
    const read = () => get(`${api}/categories?limit=1`)
    expect((await read()).lines).toContainEqual(['X-Cache', 'MISS'])
    expect((await read()).lines).toContainEqual(['X-Cache', 'HIT'])
    expect((await read()).lines).toContainEqual(['X-Cache', 'HIT'])
    const limited = await read()
    expect(limited.status).toBe(429)
    expect(limited.lines).toContainEqual(['RateLimit-Policy', '"api"; q=3; w=60'])
    expect(JSON.parse(limited.body.toString('utf8')).errors[0].code).toBe('RATE_LIMITED')
    expect(limited.lines.find(([name]) => name === 'X-Request-Id')?.[1]).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('keys the budget on Express’s req.ip: X-Forwarded-For only behind a trusted proxy', async () => {
    const read = (api: string, ip: string) => get(`${api}/categories?limit=2`, { 'x-forwarded-for': ip })
    const proxied = await cms.extraApp({ TRUST_PROXY: '1', RATE_LIMIT_API_PER_MINUTE: '2' })
    expect((await read(proxied, '203.0.113.1')).lines).toContainEqual(['X-Cache', 'MISS'])
    expect((await read(proxied, '203.0.113.1')).lines).toContainEqual(['X-Cache', 'HIT'])
    expect((await read(proxied, '203.0.113.1')).status).toBe(429)
    expect((await read(proxied, '203.0.113.2')).lines).toContainEqual(['X-Cache', 'HIT'])
    const direct = await cms.extraApp({ RATE_LIMIT_API_PER_MINUTE: '2' })
    expect((await read(direct, '203.0.113.1')).lines).toContainEqual(['X-Cache', 'MISS'])
    expect((await read(direct, '203.0.113.2')).lines).toContainEqual(['X-Cache', 'HIT'])
    // Without a trusted proxy the header is ignored: a spoofed address does not buy a new budget.
    expect((await read(direct, '203.0.113.3')).status).toBe(429)
  })

  it('answers 503 when the deadline passes while the count waits, as Express’s deadline does', async () => {
    const waiting = hitListener({
      app: cms.app.app,
      cache: cms.app.cache!,
      metrics: cms.app.metrics,
      limits: { countApi: () => new Promise(() => {}), admits: () => true, countsWait: true },
      corsOrigins: [],
      timeoutMs: 100,
      redirectToHttps: false,
      logger: cms.app.logger,
    })
    const server = await listen(waiting, '127.0.0.1', 0)
    try {
      const answer = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1${path}`)
      expect(answer.status).toBe(503)
      expect(answer.lines).toContainEqual(['Connection', 'close'])
      expect(JSON.parse(answer.body.toString('utf8')).errors[0].code).toBe('TIMEOUT')
    } finally {
      server.close()
    }
  })

  // Last: the app stays in shutdown mode.
  it('asks keep-alive clients to disconnect on hits once shutting down, as Express does', async () => {
    cms.app.beginShutdown()
    const hit = await same(path, { 'x-request-id': 'given-id-0009' })
    expect(hit.lines).toContainEqual(['Connection', 'close'])
  })
})
