/**
 * Two CMS processes behind one load balancer, sharing the database (SQLite file or PostgreSQL)
 * and Redis: the rate limit is one budget for both, not one each, even under a concurrent burst;
 * and a publish through either purges the response cache of both.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootPayload } from '../../../src/cli/boot'
import { closeDatabase } from '../../../src/database'
import { parseEnv } from '../../../src/env'
import { SETTLE_MS } from '../../../src/server/publicReads/cache'
import { richText } from '../../../src/seed/lexical'
import { TEST_SECRET } from '../../helpers/cms'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { request } from '../../helpers/http'
import { startApiProcess, type ApiProcess } from '../../helpers/process'

const LOGIN_BUDGET = 10
const BURST = 40

let db: TestDatabase
let mediaDir: string
let auth: string
let a: ApiProcess | undefined
let b: ApiProcess | undefined

beforeAll(async () => {
  db = await createTestDatabase()
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-two-media-'))
  const env = {
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    MEDIA_DIR: mediaDir,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `mspn-test-${randomBytes(4).toString('hex')}:`,
    RATE_LIMIT_API_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_15_MINUTES: String(LOGIN_BUDGET),
    // Closed: a counter that cannot be reached refuses (503) instead of letting the attempt through
    // uncounted. In the default open mode, Redis commands that time out under heavy CPU load (the
    // 500 ms command timeout, measured from a lagging event loop) let a few extra attempts pass; a
    // generous timeout keeps a busy test machine from refusing any, so the count can be exact.
    REDIS_FAILURE_MODE: 'closed',
    REDIS_COMMAND_TIMEOUT_MS: '5000',
  }
  const payload = await bootPayload(parseEnv({ APP_ENV: 'test', LOG_LEVEL: 'silent', ...env }))
  const apiKey = randomUUID()
  await payload.create({
    collection: 'users',
    data: {
      email: 'two-editor@test.mspn.dev',
      password: 'two-editor-password',
      name: 'Two Editor',
      role: 'editor',
      enableAPIKey: true,
      apiKey,
    },
    overrideAccess: true,
  })
  await closeDatabase(payload)
  auth = `users API-Key ${apiKey}`
  ;[a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)])
  // Payload builds its GraphQL schema on the first GraphQL request, blocking the event loop for a
  // while, and the Redis stores load their scripts on start-up (a slow start is refused 503 in
  // closed mode): both done here, not in the middle of the burst.
  for (const process of [a, b]) {
    let status = 0
    for (let attempt = 0; attempt < 40 && status !== 200; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250))
      status = (await request(`${process.url}/api/v1/graphql`, { method: 'POST', json: { query: '{ __typename }' } }))
        .status
    }
    expect(status).toBe(200)
  }
})

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await db?.drop()
  if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
})

describe('two processes, one budget', () => {
  it('a concurrent sign-in burst split across both processes, over REST and GraphQL, gets exactly the budget through', async () => {
    // Budgets are counted by the login operation itself (actionLimits.ts), so both doors spend the same one.
    const rest = (process: ApiProcess) =>
      request(`${process.url}/api/v1/users/login`, {
        method: 'POST',
        json: { email: 'nobody@example.com', password: 'wrong-password-1' },
      })
    const graphql = async (process: ApiProcess) => {
      const response = await request(`${process.url}/api/v1/graphql`, {
        method: 'POST',
        json: { query: 'mutation { loginUser(email: "nobody@example.com", password: "wrong-password-1") { token } }' },
      })
      // A refused sign-in is an error in the GraphQL answer; only a budget's refusal changes the status.
      const code = response.body.errors?.[0]?.extensions?.code
      return {
        ...response,
        status:
          response.status === 200 && response.body.errors?.[0]?.extensions?.name === 'AuthenticationError'
            ? 401
            : response.status,
        code,
      }
    }
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) => {
        const process = (i % 2 === 0 ? a : b) as ApiProcess
        return i % 4 < 2 ? rest(process) : graphql(process)
      }),
    )
    const byStatus = (status: number) => responses.filter((r) => r.status === status).length
    const [unauthorized, limited, unavailable] = [byStatus(401), byStatus(429), byStatus(503)]
    // Redis kept up (closed mode would have refused with 503 otherwise), so the count is exact:
    // exactly one budget through in all, whichever process and door answered, and the rest refused.
    const refusals = responses.filter((r) => r.status === 503).map((r) => JSON.stringify(r.body).slice(0, 200))
    expect(unavailable, refusals.join('\n')).toBe(0)
    expect(unauthorized).toBe(LOGIN_BUDGET)
    expect(limited).toBe(BURST - LOGIN_BUDGET)
    for (const refused of responses.filter((r) => r.status === 429)) {
      const body = refused.body as { errors: { code: string; extensions?: { code?: string } }[] }
      expect(body.errors[0].code).toBe('RATE_LIMITED')
    }
  })
})

describe('two processes, one cache', () => {
  const read = async (process: ApiProcess | undefined, route: string) => {
    const response = await fetch(`${process?.url}/api/v1${route}`)
    return { cache: response.headers.get('x-cache'), body: await response.json() }
  }
  /** Both processes hold `route` in their cache (their own memory or the shared Redis entry). */
  async function fillBoth(route: string) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 300)) // reads just after a purge are not stored
    for (const process of [a, b]) {
      let cache: string | null = null
      for (let i = 0; i < 40 && cache !== 'HIT'; i += 1) {
        cache = (await read(process, route)).cache
        if (cache !== 'HIT') await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(cache, `${route} cached on ${process === a ? 'A' : 'B'}`).toBe('HIT')
    }
  }
  async function eventuallyOnBoth(route: string, check: (body: any) => boolean) {
    for (const process of [a, b]) {
      let body: unknown
      for (let i = 0; i < 60; i += 1) {
        body = (await read(process, route)).body
        if (check(body)) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(check(body), `${route} fresh on ${process === a ? 'A' : 'B'}: ${JSON.stringify(body).slice(0, 200)}`).toBe(
        true,
      )
    }
  }
  const post = (title: string, status: 'draft' | 'published') => ({
    title,
    excerpt: `About ${title}`,
    content: richText(title),
    _status: status,
  })

  it('a publish through either process purges both caches (document and list)', async () => {
    const created = await request(`${a?.url}/api/v1/posts`, {
      method: 'POST',
      json: post('First title', 'published'),
      auth,
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    const doc = `/posts/${id}?depth=0`
    const list = '/posts?limit=10&depth=0'
    await fillBoth(doc)
    await fillBoth(list)

    // Publish an edit through A: B only hears of it through Redis.
    expect(
      (
        await request(`${a?.url}/api/v1/posts/${id}`, {
          method: 'PATCH',
          json: post('Second title', 'published'),
          auth,
        })
      ).status,
    ).toBe(200)
    await eventuallyOnBoth(doc, (body) => body.title === 'Second title')
    await eventuallyOnBoth(list, (body) => body.docs.some((d: { title: string }) => d.title === 'Second title'))

    // And the other way round: a draft publish through B, seen by A.
    await fillBoth(doc)
    const draft = await request(`${b?.url}/api/v1/posts`, {
      method: 'POST',
      json: post('Waiting draft', 'draft'),
      auth,
    })
    expect(draft.status).toBe(201)
    await fillBoth(list)
    expect((await read(a, list)).body.docs.map((d: { title: string }) => d.title)).not.toContain('Waiting draft')
    expect(
      (
        await request(`${b?.url}/api/v1/posts/${draft.body.doc.id}`, {
          method: 'PATCH',
          json: { _status: 'published' },
          auth,
        })
      ).status,
    ).toBe(200)
    await eventuallyOnBoth(list, (body) => body.docs.some((d: { title: string }) => d.title === 'Waiting draft'))
    expect((await read(a, doc)).body.title).toBe('Second title')
  })
})
