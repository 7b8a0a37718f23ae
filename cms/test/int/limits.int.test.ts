/**
 * Rate limits (memory and Redis), cache purges and shutdown across real processes sharing the
 * database and the Redis on 127.0.0.1:6379.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SETTLE_MS } from '../../src/server/publicReads/cache'
import { createUser, login, startTestCms, TEST_SECRET, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'
import { freePort, PROCESS_TEST_TIMEOUT_MS, startApiProcess, type ApiProcess } from '../helpers/process'

const REDIS_URL = 'redis://127.0.0.1:6379'
let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})

afterAll(async () => {
  await cms?.stop()
})

/** Another app over the same Payload instance, with its own limits, cache and Redis settings. */
function app(env: Record<string, string>): Promise<string> {
  return cms.extraApp(env)
}

const badLogin = (api: string) =>
  request(`${api}/users/login`, { method: 'POST', json: { email: 'nobody@example.com', password: 'wrong-password-1' } })

describe('rate limits', () => {
  it('answer 429 after the login budget, with Retry-After, RateLimit headers and the envelope (memory store)', async () => {
    const api = await app({ RATE_LIMIT_LOGIN_PER_15_MINUTES: '3' })
    for (let i = 0; i < 3; i += 1) expect((await badLogin(api)).status).toBe(401)
    const limited = await badLogin(api)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.headers.get('ratelimit-policy')).toContain('q=3')
    expect(limited.headers.get('ratelimit')).toContain('r=0')
    expect(limited.body.errors[0].code).toBe('RATE_LIMITED')
    expect(limited.body.requestId).toBe(limited.headers.get('x-request-id'))
    // Reads on other routes are unaffected.
    expect((await request(`${api}/posts`)).status).toBe(200)
  })

  it('count cache hits against the general API budget too', async () => {
    const api = await app({ RATE_LIMIT_API_PER_MINUTE: '3' })
    const read = () => fetch(`${api}/categories?limit=1`)
    expect((await read()).headers.get('x-cache')).toBe('MISS')
    expect((await read()).headers.get('x-cache')).toBe('HIT')
    expect((await read()).headers.get('x-cache')).toBe('HIT')
    const limited = await read()
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.headers.get('ratelimit-policy')).toContain('q=3')
    expect((await limited.json()).errors[0].code).toBe('RATE_LIMITED')
  })

  it('count per client IP from X-Forwarded-For only when TRUST_PROXY says a proxy is there', async () => {
    const from = (api: string, ip: string) =>
      request(`${api}/users/login`, {
        method: 'POST',
        headers: { 'x-forwarded-for': ip },
        json: { email: 'nobody@example.com', password: 'wrong-password-1' },
      })
    const proxied = await app({ TRUST_PROXY: '1', RATE_LIMIT_LOGIN_PER_15_MINUTES: '1' })
    expect((await from(proxied, '203.0.113.1')).status).toBe(401)
    expect((await from(proxied, '203.0.113.1')).status).toBe(429)
    expect((await from(proxied, '203.0.113.2')).status).toBe(401)
    const direct = await app({ RATE_LIMIT_LOGIN_PER_15_MINUTES: '1' })
    expect((await from(direct, '203.0.113.1')).status).toBe(401)
    // Without a trusted proxy the header is ignored: a spoofed address does not buy a new budget.
    expect((await from(direct, '203.0.113.9')).status).toBe(429)
  })

  it('resume limiting when Redis comes back after being down at start-up', async () => {
    const port = await freePort()
    const api = await app({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_LOGIN_PER_15_MINUTES: '2' })
    expect((await badLogin(api)).status).toBe(401) // Redis down: fail open
    const redisServer = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    try {
      let statuses: number[] = []
      for (let attempt = 0; attempt < 60 && !statuses.includes(429); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        statuses = [...statuses, (await badLogin(api)).status]
      }
      expect(statuses).toContain(429)
    } finally {
      redisServer.kill()
    }
  })

  it(
    'share one budget across processes through Redis',
    async () => {
      const prefix = `mspn-test-${randomBytes(4).toString('hex')}:`
      const env = { REDIS_URL, REDIS_PREFIX: prefix, RATE_LIMIT_LOGIN_PER_15_MINUTES: '4' }
      const api = await app(env)
      const other = await startApiProcess({
        ...env,
        DATABASE_URL: cms.env.database.url,
        PAYLOAD_SECRET: TEST_SECRET,
        MEDIA_DIR: cms.env.mediaDir,
      })
      try {
        const otherApi = `${other.url}/api/v1`
        expect((await badLogin(api)).status).toBe(401)
        expect((await badLogin(otherApi)).status).toBe(401)
        expect((await badLogin(api)).status).toBe(401)
        expect((await badLogin(otherApi)).status).toBe(401)
        expect((await badLogin(api)).status).toBe(429)
        expect((await badLogin(otherApi)).status).toBe(429)
      } finally {
        expect(await other.stop()).toBe(0)
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  )

  it('fail open when Redis is unreachable (default), and closed with a 503 when configured', async () => {
    const open = await app({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_LOGIN_PER_15_MINUTES: '1' })
    expect((await request(`${open}/posts`)).status).toBe(200)
    expect((await badLogin(open)).status).toBe(401)
    const closed = await app({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_FAILURE_MODE: 'closed' })
    const refused = await request(`${closed}/posts`)
    expect(refused.status).toBe(503)
    expect(refused.body.errors[0].code).toBe('UNAVAILABLE')
    expect((await request(`${closed.replace('/api/v1', '')}/health`)).status).toBe(200)
    const ready = await request(`${closed.replace('/api/v1', '')}/ready`)
    expect(ready.status).toBe(503)
    expect(ready.body.errors.map((e: { field: string }) => e.field)).toContain('redis')
  })
})

describe('cache across processes', () => {
  let other: ApiProcess
  let auth: string
  beforeAll(async () => {
    const editor = await createUser(cms, 'editor')
    auth = await login(cms, editor.email, editor.password)
  })
  afterAll(async () => {
    await other?.stop()
  })

  it(
    'a publish through one process purges the other’s cache via Redis',
    async () => {
      const prefix = `mspn-test-${randomBytes(4).toString('hex')}:`
      const env = { REDIS_URL, REDIS_PREFIX: prefix }
      const api = await app(env)
      other = await startApiProcess({
        ...env,
        DATABASE_URL: cms.env.database.url,
        PAYLOAD_SECRET: TEST_SECRET,
        MEDIA_DIR: cms.env.mediaDir,
      })
      const category = await request(`${api}/categories`, { method: 'POST', json: { title: 'Before' }, auth })
      const url = `${other.url}/api/v1/categories/${category.body.doc.id}?depth=0`
      // Reads just after the create's purge are served but not stored (commit lag): wait that out.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 300))
      // Filled through this process, then answered by the other from the shared Redis entry.
      expect((await fetch(`${api}/categories/${category.body.doc.id}?depth=0`)).headers.get('x-cache')).toBe('MISS')
      // The shared write is asynchronous: wait until Redis holds the entry.
      const redis = new Redis(REDIS_URL)
      try {
        const key = `${prefix}cache:entry:/api/v1/categories/${category.body.doc.id}?depth=0`
        for (let attempt = 0; attempt < 40 && !(await redis.exists(key)); attempt += 1)
          await new Promise((resolve) => setTimeout(resolve, 25))
        expect(await redis.exists(key)).toBe(1)
      } finally {
        redis.disconnect()
      }
      const cached = await fetch(url)
      expect(cached.headers.get('x-cache')).toBe('HIT')
      expect((await cached.json()).title).toBe('Before')
      // The other process keeps its own instance of Payload, so only the Redis message can purge it.
      expect(
        (
          await request(`${api}/categories/${category.body.doc.id}`, {
            method: 'PATCH',
            json: { title: 'After' },
            auth,
          })
        ).status,
      ).toBe(200)
      let title = 'Before'
      for (let attempt = 0; attempt < 40 && title !== 'After'; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        title = (await (await fetch(url)).json()).title
      }
      expect(title).toBe('After')
    },
    PROCESS_TEST_TIMEOUT_MS,
  )
})

describe('graceful shutdown', () => {
  it(
    'finishes an in-flight request, then exits 0',
    async () => {
      const server = await startApiProcess({
        DATABASE_URL: cms.env.database.url,
        PAYLOAD_SECRET: TEST_SECRET,
        MEDIA_DIR: cms.env.mediaDir,
      })
      const body = JSON.stringify({
        name: 'Slow Sender',
        email: 'slow@example.com',
        message: 'Sent over a slow connection.',
        formStartedAt: Date.now() - 60_000,
      })
      const { hostname, port } = new URL(server.url)
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            hostname,
            port,
            path: '/api/v1/inquiries',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = ''
            res.on('data', (chunk) => (text += chunk))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          },
        )
        req.on('error', reject)
        req.write(body.slice(0, 20))
        setTimeout(() => req.end(body.slice(20)), 700)
      })
      await new Promise((resolve) => setTimeout(resolve, 200))
      const exit = server.stop()
      const result = await response
      expect(result.status).toBe(201)
      expect(await exit).toBe(0)
      expect(server.output()).toContain('DRAINED true')
      const stored = await cms.payload.find({
        collection: 'inquiries',
        where: { email: { equals: 'slow@example.com' } },
        overrideAccess: true,
      })
      expect(stored.totalDocs).toBe(1)
    },
    PROCESS_TEST_TIMEOUT_MS,
  )
})
