/**
 * Identical anonymous reads in flight share one Payload read (cache off, so nothing is stored);
 * reads with a session, drafts and reads that arrive after a change never join another's answer.
 * A gate on the database adapter's reads holds the first read open, so the test decides who is in
 * flight together instead of hoping for a race.
 */
import type { FindArgs } from 'payload'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { ADMIN, login, startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

let cms: TestCms
let adminAuth: string
let postsReads = 0
let gate: Promise<void> | undefined

beforeAll(async () => {
  // The fast list read off: this counts Payload's own reads (it makes two, IDs then documents; fastRead.int.test.ts).
  cms = await startTestCms({ seed: true, env: { CACHE_ENABLED: 'false', FAST_READ_MAX_BYTES: '0' } })
  adminAuth = await login(cms, ADMIN.email, ADMIN.password)
  // Published reads go through the adapter's find, draft reads through queryDrafts. Only reads made for
  // REST requests count: the search index and hooks read posts through the Local API after changes.
  for (const method of ['find', 'queryDrafts'] as const) {
    const original = cms.payload.db[method].bind(cms.payload.db) as (args: FindArgs) => Promise<unknown>
    vi.spyOn(cms.payload.db, method).mockImplementation((async (args: FindArgs) => {
      if (args.collection === 'posts' && args.req?.payloadAPI === 'REST') {
        postsReads += 1
        if (gate) await gate
      }
      return original(args)
    }) as never)
  }
})

afterAll(async () => {
  vi.restoreAllMocks()
  await cms?.stop()
})

/** Holds every posts read until release(); waits until `count` requests are being served. */
async function holdReads<T>(count: number, start: () => Promise<T>[]): Promise<T[]> {
  let release = () => {}
  gate = new Promise<void>((resolve) => (release = resolve))
  postsReads = 0
  const pending = start()
  await vi.waitFor(() => expect(cms.app.metrics.inFlight()).toBe(count), { timeout: 30_000, interval: 10 })
  release()
  const results = await Promise.all(pending)
  gate = undefined
  return results
}

const LIST = '/posts?limit=5&depth=1&sort=-publishedAt'
const coalescedTotal = async () => {
  const metrics = await request<string>(`${cms.url}/metrics`)
  return Number(/^public_reads_coalesced_total (\d+)/m.exec(metrics.body)?.[1] ?? Number.NaN)
}

describe('read coalescing over HTTP (cache off)', () => {
  it('answers identical anonymous reads in flight with one database read', async () => {
    const before = await coalescedTotal()
    const results = await holdReads(6, () => Array.from({ length: 6 }, () => request(`${cms.api}${LIST}`)))
    expect(postsReads).toBe(1)
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    const bodies = new Set(results.map((r) => JSON.stringify(r.body)))
    expect(bodies.size).toBe(1)
    expect((results[0].body as { docs: unknown[] }).docs).toHaveLength(5)
    // Each request keeps its own identity; nothing is cached.
    expect(new Set(results.map((r) => r.headers.get('x-request-id'))).size).toBe(6)
    expect(results.every((r) => r.headers.get('x-cache') === null)).toBe(true)
    expect((await coalescedTotal()) - before).toBe(5)
  })

  it('never shares an answer with a signed-in request or a draft read', async () => {
    const results = await holdReads(4, () => [
      request(`${cms.api}${LIST}`),
      request(`${cms.api}${LIST}`),
      request(`${cms.api}${LIST}`, { auth: adminAuth }),
      request(`${cms.api}${LIST}&draft=true`, { auth: adminAuth }),
    ])
    // One shared anonymous read, plus one for each request with a session.
    expect(postsReads).toBe(3)
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(results[0].body).toEqual(results[1].body)
  })

  it('starts a fresh read for requests that arrive after a content change', async () => {
    const newest = await request<{ docs: { id: number }[] }>(`${cms.api}${LIST}`)
    const post = newest.body.docs[0]
    const results = await holdReads(3, () => {
      const early = [request(`${cms.api}${LIST}`), request(`${cms.api}${LIST}`)]
      const late = (async () => {
        await vi.waitFor(() => expect(cms.app.metrics.inFlight()).toBe(2), { timeout: 30_000, interval: 10 })
        await cms.payload.update({
          collection: 'posts',
          id: post.id,
          data: { title: 'Retitled while a read was in flight' },
        })
        return request(`${cms.api}${LIST}`)
      })()
      return [...early, late]
    })
    // The two early requests shared the first read; the late one ran its own and sees the change.
    expect(postsReads).toBe(2)
    const titles = results.map((r) => (r.body as { docs: { title: string }[] }).docs[0].title)
    expect(titles[2]).toBe('Retitled while a read was in flight')
    expect(titles[0]).toBe(titles[1])
  })
})
