/**
 * SENTRY_DSN: a 5xx is reported to a real HTTP endpoint speaking the envelope protocol (started here),
 * with its request ID, route template and error, and without headers, cookies, query, body or emails.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { parseEnv } from '../../src/env'
import { startTestCms, TEST_SECRET, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

interface Received {
  path: string
  auth: string
  contentType: string
  lines: Record<string, unknown>[]
  raw: string
}

let cms: TestCms
let sentry: http.Server
const received: Received[] = []
let dsn = ''

beforeAll(async () => {
  sentry = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        auth: String(req.headers['x-sentry-auth'] ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
        lines: raw
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>),
        raw,
      })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve))
  dsn = `http://publickey123@127.0.0.1:${(sentry.address() as AddressInfo).port}/42`
  cms = await startTestCms({ env: { SENTRY_DSN: dsn, SENTRY_RELEASE: 'mspn@1.2.3' } })
})

afterAll(async () => {
  await cms?.stop()
  sentry?.close()
})

/** Runs `fn` while the database adapter's reads fail with `message`. */
async function withFailingFind<T>(message: string, fn: () => Promise<T>): Promise<T> {
  const db = cms.payload.db as unknown as Record<'find' | 'findOne', (...args: unknown[]) => Promise<unknown>>
  const originals = { find: db.find, findOne: db.findOne }
  db.find = db.findOne = () => Promise.reject(new Error(message))
  try {
    return await fn()
  } finally {
    Object.assign(db, originals)
  }
}

const SECRETS = {
  email: 'alice.private@example.com',
  cookie: 'payload-token=cookie-secret-value-123',
  authorization: 'Bearer header-secret-token-456',
  query: 'query-secret-789',
  apiKey: 'k'.repeat(40),
}

describe('error reporting', () => {
  it('reports a 5xx with its request ID, route and error, and nothing personal or secret', async () => {
    const response = await withFailingFind(
      `lookup failed for ${SECRETS.email} with password=hunter2-secret and api key ${SECRETS.apiKey}`,
      () =>
        request(`${cms.api}/posts/123?where[author][equals]=${SECRETS.query}`, {
          headers: {
            cookie: SECRETS.cookie,
            authorization: SECRETS.authorization,
            'x-request-id': 'req-report-0001',
          },
        }),
    )
    expect(response.status).toBe(500)
    await cms.app.errorReporter?.flush()
    expect(received).toHaveLength(1)
    const [envelope] = received
    expect(envelope.path).toBe('/api/42/envelope/')
    expect(envelope.contentType).toBe('application/x-sentry-envelope')
    expect(envelope.auth).toContain('sentry_key=publickey123')
    const [header, item, event] = envelope.lines as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, any>,
    ]
    expect(header).toMatchObject({ event_id: event.event_id, dsn })
    expect(item).toEqual({ type: 'event' })
    expect(event).toMatchObject({
      level: 'error',
      environment: 'test',
      release: 'mspn@1.2.3',
      transaction: 'GET /api/v1/posts/:id',
      tags: { request_id: 'req-report-0001', route: '/api/v1/posts/:id', status: '500', method: 'GET' },
      request: { method: 'GET', url: '/api/v1/posts/:id' },
    })
    const exception = event.exception.values[0]
    expect(exception.type).toBe('Error')
    expect(exception.value).toContain('lookup failed for [email]')
    expect(exception.value).toContain('password=[Filtered]')
    expect(exception.stacktrace.frames.length).toBeGreaterThan(0)
    for (const secret of [...Object.values(SECRETS), 'hunter2', 'cookie-secret', 'header-secret', '/posts/123'])
      expect(envelope.raw).not.toContain(secret)
    expect(Object.keys(event)).not.toEqual(expect.arrayContaining(['user']))
    expect(event.request).not.toHaveProperty('headers')
    expect(event.request).not.toHaveProperty('cookies')
    expect(event.request).not.toHaveProperty('data')
  })

  it('does not report 4xx or successful responses', async () => {
    received.length = 0
    expect((await request(`${cms.api}/posts`)).status).toBe(200)
    expect((await request(`${cms.api}/nothing-here`)).status).toBe(404)
    expect((await request(`${cms.api}/posts`, { method: 'POST', json: { title: 'x' } })).status).toBe(403)
    await cms.app.errorReporter?.flush()
    expect(received).toEqual([])
  })

  it('keeps serving when the error service is down', async () => {
    const down = await cms.extraApp({ SENTRY_DSN: 'http://key@127.0.0.1:1/7' })
    const response = await withFailingFind('down', () => request(`${down}/posts/1`))
    expect(response.status).toBe(500)
    expect(response.body.errors[0].code).toBe('INTERNAL')
  })
})

describe('SENTRY_DSN', () => {
  const base = { APP_ENV: 'test', PAYLOAD_SECRET: TEST_SECRET }
  it('is validated', () => {
    expect(() => parseEnv({ ...base, SENTRY_DSN: 'not a url' })).toThrow(/SENTRY_DSN: must be a Sentry DSN/)
    expect(() => parseEnv({ ...base, SENTRY_DSN: 'https://o1.ingest.sentry.io/1' })).toThrow(/SENTRY_DSN/)
    expect(parseEnv({ ...base, SENTRY_DSN: 'https://abc@o1.ingest.sentry.io/path/99' }).errorReporting?.dsn).toEqual({
      endpoint: 'https://o1.ingest.sentry.io/path/api/99/envelope/',
      publicKey: 'abc',
      dsn: 'https://abc@o1.ingest.sentry.io/path/99',
    })
    expect(parseEnv(base).errorReporting).toBeUndefined()
  })
})
