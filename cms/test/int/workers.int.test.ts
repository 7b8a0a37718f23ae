/**
 * WEB_CONCURRENCY: two worker processes behind one port (server/workers.ts). Without Redis, a publish
 * through one worker purges the cached list in the other too (the primary relays it), /metrics adds up
 * both workers, an edit through one drops the fast list read's projections in the other, and SIGTERM
 * drains both before the primary exits 0.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { richText } from '../../src/seed/lexical'
import { TEST_SECRET } from '../helpers/cms'
import { createTestDatabase, type TestDatabase } from '../helpers/database'
import { startClusterProcess, type ClusterProcess } from '../helpers/process'

const ADMIN = { email: 'workers@test.mspn.dev', password: 'Workers-password-1234' }

interface Answer {
  status: number
  worker: string
  cache: string
  body: any
}

/** One request on its own connection, so the primary's round-robin picks a worker for each. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => {
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {
            // metrics are text
          }
          resolve({
            status: res.statusCode ?? 0,
            worker: String(res.headers['x-worker']),
            cache: String(res.headers['x-cache']),
            body,
          })
        })
      })
      .on('error', reject)
  })
}

/** Asks until both workers gave an answer that satisfies `accept`; returns one such answer per worker. */
async function fromBothWorkers(url: string, accept: (answer: Answer) => boolean): Promise<Map<string, Answer>> {
  const seen = new Map<string, Answer>()
  for (let i = 0; i < 40 && seen.size < 2; i += 1) {
    const answer = await get(url)
    if (accept(answer)) seen.set(answer.worker, answer)
  }
  return seen
}

let db: TestDatabase
let stack: ClusterProcess

beforeAll(async () => {
  db = await createTestDatabase()
  stack = await startClusterProcess({
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    WEB_CONCURRENCY: '2',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_ON_START: 'false',
    CACHE_S_MAXAGE_SECONDS: '600',
    RATE_LIMIT_API_PER_MINUTE: '100000',
  })
}, 450_000)

afterAll(async () => {
  await stack?.stop()
  await db?.drop()
})

describe('two workers behind one port', () => {
  it('a publish through one worker purges the cached list in both', async () => {
    const list = `${stack.url}/api/v1/posts?limit=5&depth=0`
    // Each worker caches the (empty) list: two HITs from two different processes.
    const cached = await fromBothWorkers(list, (answer) => answer.status === 200 && answer.cache === 'HIT')
    expect(cached.size).toBe(2)
    for (const answer of cached.values()) expect(answer.body.totalDocs).toBe(0)

    const login = await fetch(`${stack.url}/api/v1/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify(ADMIN),
    })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const created = await fetch(`${stack.url}/api/v1/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}`, connection: 'close' },
      body: JSON.stringify({ title: 'Across workers', excerpt: 'x', content: richText('Body'), _status: 'published' }),
    })
    expect(created.status).toBe(201)
    const writer = created.headers.get('x-worker')

    // Both workers now answer with the new post; without the relayed purge the other would serve its
    // cached empty list for CACHE_S_MAXAGE_SECONDS.
    const fresh = await fromBothWorkers(list, (answer) => answer.status === 200)
    expect(fresh.size).toBe(2)
    expect([...fresh.keys()]).toContain(writer)
    for (const answer of fresh.values())
      expect(answer.body.docs.map((d: { title: string }) => d.title)).toEqual(['Across workers'])
  })

  it("an edit through one worker reaches the other's fast list reads (relayed purge drops its projections)", async () => {
    // Distinct URLs miss the response cache; both workers answer them from document projections
    // (publicReads/fastRead.ts), kept once a second has passed since the last change.
    let n = 0
    const list = () => `${stack.url}/api/v1/posts?limit=5&depth=0&where[slug][not_equals]=x${(n += 1)}`
    await new Promise((resolve) => setTimeout(resolve, 1100))
    for (let round = 0; round < 2; round += 1) {
      const warm = await fromBothWorkers(list(), (answer) => answer.status === 200)
      expect(warm.size).toBe(2)
    }
    const login = await fetch(`${stack.url}/api/v1/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify(ADMIN),
    })
    const { token } = (await login.json()) as { token: string }
    const auth = { 'content-type': 'application/json', authorization: `JWT ${token}`, connection: 'close' }
    const found = (await (await fetch(`${stack.url}/api/v1/posts?limit=1&depth=0`, { headers: auth })).json()) as {
      docs: { id: number | string }[]
    }
    const edited = await fetch(`${stack.url}/api/v1/posts/${found.docs[0]!.id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ title: 'Edited across workers' }),
    })
    expect(edited.status).toBe(200)
    const fresh = new Map<string, Answer>()
    for (let i = 0; i < 40 && fresh.size < 2; i += 1) {
      const answer = await get(list())
      if (answer.status === 200) fresh.set(answer.worker, answer)
    }
    expect(fresh.size).toBe(2)
    for (const answer of fresh.values())
      expect(answer.body.docs.map((d: { title: string }) => d.title)).toEqual(['Edited across workers'])
  })

  it('any worker answers /metrics for both', async () => {
    const answers = await fromBothWorkers(`${stack.url}/metrics`, (answer) => answer.status === 200)
    expect(answers.size).toBe(2)
    for (const answer of answers.values()) {
      // Requests to the list were spread over both workers; the sum holds all of them.
      const counted = [
        ...String(answer.body).matchAll(
          /^http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/posts"[^}]*\} (\d+)/gm,
        ),
      ]
        .map((match) => Number(match[1]))
        .reduce((a, b) => a + b, 0)
      expect(counted).toBeGreaterThanOrEqual(4)
      expect(String(answer.body)).toMatch(/^mspn_ready 1$/m)
    }
  })

  it('SIGTERM drains both workers, then the primary exits 0', async () => {
    const code = await stack.stop()
    const drained = [...stack.output().matchAll(/^DRAINED (\d+) (true|false)$/gm)]
    expect(drained.map((match) => match[2])).toEqual(['true', 'true'])
    expect(new Set(drained.map((match) => match[1])).size).toBe(2)
    expect(stack.output()).toMatch(/^STOPPED 0$/m)
    expect(code).toBe(0)
    await expect(get(`${stack.url}/health`)).rejects.toThrow(/ECONNREFUSED/)
  })
})
