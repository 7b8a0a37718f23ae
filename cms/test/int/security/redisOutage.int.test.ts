/**
 * Redis dies under a running CMS and comes back. limits.int.test.ts covers Redis unreachable from
 * the start (fail open / closed) and coming up late; here it was working, is killed mid-run, and
 * restarted on the same port: no crash, the configured failure mode while it is away, /ready
 * naming it, and shared limits and readiness back by themselves afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { parseEnv } from '../../../src/env'
import { createApp, listen, type CmsApp } from '../../../src/server'
import { startTestCms, TEST_SECRET, type TestCms } from '../../helpers/cms'
import { request } from '../../helpers/http'
import { freePort } from '../../helpers/process'

let cms: TestCms
let redis: ChildProcess | undefined
const apps: { server: Server; app: CmsApp }[] = []

beforeAll(async () => {
  cms = await startTestCms()
})

afterEach(async () => {
  redis?.kill('SIGKILL')
  redis = undefined
})

afterAll(async () => {
  for (const { server, app } of apps) {
    server.closeAllConnections()
    server.close()
    await app.close()
  }
  await cms?.stop()
})

/** A redis-server of our own on `port`, so the test can kill it; resolves once it answers. */
async function startRedis(port: number): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  })
  await eventually(async () => {
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    probe.on('error', () => undefined) // not up yet: the attempt below fails and we try again
    try {
      await probe.connect()
      return (await probe.ping()) === 'PONG'
    } catch {
      return false
    } finally {
      probe.disconnect()
    }
  }, 'redis-server answering')
}

async function killRedis(): Promise<void> {
  const exited = new Promise((resolve) => redis?.once('exit', resolve))
  redis?.kill('SIGKILL')
  await exited
  redis = undefined
}

async function eventually(attempt: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await attempt()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what} did not happen within 10 s`)
}

async function app(env: Record<string, string>): Promise<{ url: string; api: string }> {
  const appEnv = parseEnv({
    APP_ENV: 'test',
    DATABASE_URL: cms.env.database.url,
    PAYLOAD_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  })
  const created = createApp({ payload: cms.payload, env: appEnv })
  const server = await listen(created.listener, '127.0.0.1', 0)
  apps.push({ server, app: created })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, api: `${url}/api/v1` }
}

/** A failed sign-in from a new client address each round (X-Forwarded-For with TRUST_PROXY=1). */
const badLogin = (api: string, ip: string) =>
  request(`${api}/users/login`, {
    method: 'POST',
    headers: { 'x-forwarded-for': ip },
    json: { email: 'nobody@example.com', password: 'wrong-password-1' },
  })

async function loginStatuses(api: string, ip: string, count: number): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < count; i += 1) statuses.push((await badLogin(api, ip)).status)
  return statuses
}

describe('Redis killed mid-run', () => {
  it('fail open (default): requests keep being served, /ready names redis, limits resume when it is back', async () => {
    const port = await freePort()
    await startRedis(port)
    const { url, api } = await app({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_PREFIX: `mspn-test-${randomBytes(4).toString('hex')}:`,
      TRUST_PROXY: '1',
      RATE_LIMIT_LOGIN_PER_15_MINUTES: '2',
    })
    expect(await loginStatuses(api, '203.0.113.10', 3)).toEqual([401, 401, 429])
    expect((await request(`${url}/ready`)).status).toBe(200)

    await killRedis()
    // Unlimited while Redis is away (open), never a crash or a 5xx.
    expect(await loginStatuses(api, '203.0.113.11', 3)).toEqual([401, 401, 401])
    expect((await request(`${api}/posts?limit=1`)).status).toBe(200)
    expect((await request(`${api}/categories?limit=1`)).status).toBe(200)
    const ready = await request(`${url}/ready`)
    expect(ready.status).toBe(503)
    expect(ready.body.errors.map((e: { field: string }) => e.field)).toEqual(['redis'])
    expect((await request(`${url}/health`)).status).toBe(200)

    await startRedis(port)
    await eventually(async () => (await request(`${url}/ready`)).status === 200, '/ready back to 200')
    let statuses: number[] = []
    await eventually(async () => {
      statuses = await loginStatuses(api, `203.0.113.${20 + Math.floor(Math.random() * 200)}`, 3)
      return statuses[2] === 429
    }, 'shared login limit back')
    expect(statuses).toEqual([401, 401, 429])
  })

  it('fail closed: API requests answer 503 while Redis is away, and are served again when it is back', async () => {
    const port = await freePort()
    await startRedis(port)
    const { url, api } = await app({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_PREFIX: `mspn-test-${randomBytes(4).toString('hex')}:`,
      REDIS_FAILURE_MODE: 'closed',
    })
    expect((await request(`${api}/posts?limit=1`)).status).toBe(200)

    await killRedis()
    const refused = await request(`${api}/posts?limit=1`)
    expect(refused.status).toBe(503)
    expect(refused.body.errors[0].code).toBe('UNAVAILABLE')
    expect(refused.body.requestId).toBe(refused.headers.get('x-request-id'))
    expect((await request(`${url}/health`)).status).toBe(200)

    await startRedis(port)
    await eventually(async () => (await request(`${api}/posts?limit=1`)).status === 200, 'API served again')
    expect((await request(`${url}/ready`)).status).toBe(200)
  })
})
