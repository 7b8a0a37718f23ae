/**
 * Site search on every database: the index is built at start from published content only, follows
 * publishes, unpublishes and deletes through the content events, never holds drafts or private
 * collections, and answers any query string with results or a 400, never a 500.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { WorkerHost } from '../../src/search/searchHost'
import { createSearchIndex } from '../../src/search/searchIndex'
import { listen } from '../../src/server'
import { createMetrics } from '../../src/server/metrics'
import { deadline } from '../../src/server/middleware/deadline'
import { searchRoute } from '../../src/server/searchRoute'
import { richText } from '../../src/seed/lexical'
import { createUser, startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

let cms: TestCms
let authorId: number

const post = (title: string, words: string, status: 'draft' | 'published') => ({
  title,
  slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  excerpt: `${title} excerpt`,
  content: richText(`A body about ${words}.`),
  author: authorId,
  _status: status,
})

const createPost = async (title: string, words: string, status: 'draft' | 'published') => {
  const doc = await cms.payload.create({
    collection: 'posts',
    data: post(title, words, status),
    overrideAccess: true,
    draft: status === 'draft',
  })
  return doc.id as number
}

const search = (api: string, query: string) => request(`${api}/search?${query}`)
const hitIds = async (api: string, q: string) => {
  const answer = await search(api, `q=${encodeURIComponent(q)}`)
  expect(answer.status).toBe(200)
  return (answer.body.hits as { type: string; id: string }[]).map((hit) => `${hit.type}:${hit.id}`)
}

/** Polls until `check` passes (the index follows changes a moment after the write's hooks). */
async function eventually(check: () => Promise<void>, attempts = 100): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await check()
    } catch (error) {
      if (attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

let earlyPublished: number
let earlyDraft: number

beforeAll(async () => {
  // The engine in a worker thread from the first document: every request below goes through it
  // (an extra app, with the default threshold, keeps its engine in process).
  cms = await startTestCms({ env: { SEARCH_WORKER_MIN_DOCUMENTS: '0' } })
  authorId = (await createUser(cms, 'admin')).user.id as number
  earlyPublished = await createPost('Zeppelin history', 'airships over the lake', 'published')
  earlyDraft = await createPost('Quokka secret', 'an unannounced quokkaword launch', 'draft')
  await cms.payload.create({
    collection: 'inquiries',
    data: {
      name: 'Private Person',
      email: 'private@example.test',
      message: 'confidential wombatword request',
      status: 'new',
    },
    overrideAccess: true,
  })
  await cms.app.search.ready
})

afterAll(async () => {
  await cms?.stop()
})

describe('the index at start', () => {
  it('is built from the database with published documents only', async () => {
    // A second app over the same database builds its own index from what is there now.
    expect(cms.app.search.host().kind).toBe('worker')
    const api = await cms.extraApp({ RATE_LIMIT_API_PER_MINUTE: '100000' })
    await eventually(async () => expect((await search(api, 'q=zeppelin')).status).toBe(200))
    expect(await hitIds(api, 'zeppelin')).toEqual([`posts:${earlyPublished}`])
    expect(await hitIds(cms.api, 'zeppelin')).toEqual([`posts:${earlyPublished}`])
    // The post was created while the index was built, and added after: the worker reported the new size
    // before it answered the search above (its messages arrive in order).
    const metrics = (await request<string>(`${cms.url}/metrics`)).body
    expect(metrics).toMatch(/^mspn_search_engine_in_worker 1$/m)
    expect(metrics).toMatch(/^mspn_search_documents 1$/m)
    expect(metrics).toMatch(/^mspn_search_worker_stops_total 0$/m)
    expect(await hitIds(api, 'quokkaword')).toEqual([])
    expect(await hitIds(api, 'wombatword')).toEqual([])
    expect(await hitIds(api, 'private')).toEqual([])
  })
})

describe('building', () => {
  it('reads each collection in ID order a page at a time and misses nothing at the page boundaries', async () => {
    for (let i = 1; i <= 5; i += 1) await createPost(`Boundary ${i}`, 'the boundaryword test', 'published')
    await createPost('Boundary draft', 'the boundaryword draft', 'draft')
    const logger = pino({ level: 'silent' })
    const small = createSearchIndex({ payload: cms.payload, logger, pageSize: 2 })
    const whole = createSearchIndex({ payload: cms.payload, logger, pageSize: 1000 })
    // Six published documents (the early post and five here): a threshold of 6 moves the engine out.
    const worker = createSearchIndex({ payload: cms.payload, logger, pageSize: 2, workerFrom: 6 })
    const below = createSearchIndex({ payload: cms.payload, logger, workerFrom: 7 })
    try {
      await Promise.all([small.ready, whole.ready, worker.ready, below.ready])
      expect([small, whole, worker, below].map((index) => index.host().kind)).toEqual([
        'process',
        'process',
        'worker',
        'process',
      ])
      // Six published posts, read two at a time: three full pages, then an empty one.
      expect(whole.size()).toBe(6)
      expect(small.size()).toBe(6)
      expect(worker.size()).toBe(6)
      const ids = async (index: typeof small) => (await index.search({ q: 'boundaryword' })).hits.map((hit) => hit.id)
      expect(await ids(small)).toHaveLength(5)
      expect(await ids(small)).toEqual(await ids(whole))
      expect(await worker.search({ q: 'boundary word', limit: 3, page: 2 })).toEqual(
        await whole.search({ q: 'boundary word', limit: 3, page: 2 }),
      )
    } finally {
      await Promise.all([small.close(), whole.close(), worker.close(), below.close()])
    }
  })

  it('rebuilds in process when its worker stops, and keeps answering the same', async () => {
    const logger = pino({ level: 'silent' })
    const index = createSearchIndex({ payload: cms.payload, logger, workerFrom: 0 })
    const metrics = createMetrics()
    metrics.setSearchFigures(index.figures)
    const scraped = async (name: string) => (await metrics.registry.getSingleMetricAsString(name)).split('\n').at(-1)
    try {
      await index.ready
      const host = index.host()
      expect(host.kind).toBe('worker')
      expect(await scraped('mspn_search_worker_stops_total')).toBe('mspn_search_worker_stops_total 0')
      const before = await index.search({ q: 'boundaryword' })
      expect(before.total).toBe(5)
      await (host as WorkerHost).worker.terminate()
      await eventually(async () => {
        expect(index.host().kind).toBe('process')
        expect(index.isReady()).toBe(true)
      })
      expect(await index.search({ q: 'boundaryword' })).toEqual(before)
      expect(await scraped('mspn_search_worker_stops_total')).toBe('mspn_search_worker_stops_total 1')
      expect(await scraped('mspn_search_engine_in_worker')).toBe('mspn_search_engine_in_worker 0')
      expect(await scraped('mspn_search_documents')).toBe(`mspn_search_documents ${index.size()}`)
    } finally {
      await index.close()
    }
  })

  /** Queues `count` new documents titled `<word> <n>` ahead of what is asked next: the worker answers in order. */
  const keepBusy = (index: ReturnType<typeof createSearchIndex>, word: string, count: number) => {
    for (let i = 0; i < count; i += 1)
      index.host().upsert({
        key: `posts:${word}${i}`,
        type: 'posts',
        id: `${word}${i}`,
        title: `${word} ${i}`,
        url: `/blog/${word}-${i}`,
        summary: `${word} text for a busy worker`,
        body: 'more words',
      })
  }
  const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  it('leaves a request its deadline already answered alone when the engine answers late', async () => {
    const logger = pino({ level: 'silent' })
    const index = createSearchIndex({ payload: cms.payload, logger, workerFrom: 0 })
    const app = express()
      .use(deadline({ timeoutMs: 20, uploadTimeoutMs: 20, isUpload: () => false }))
      .use(searchRoute('/api', index))
    const server = await listen(app, '127.0.0.1', 0)
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      await index.ready
      keepBusy(index, 'late', 10_000)
      const { status, body } = await request(`${origin(server)}/api/search?q=late`)
      expect(status).toBe(503)
      expect(body.errors[0].code).toBe('TIMEOUT')
      // The worker answers in order: once this one is answered, the request's late answer has come too.
      expect((await index.search({ q: 'late' })).total).toBeGreaterThanOrEqual(10_000)
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
      await new Promise((resolve) => server.close(resolve))
      await index.close()
    }
  })

  it('answers 503 with Retry-After when its worker cannot answer in time', async () => {
    const logger = pino({ level: 'silent' })
    const index = createSearchIndex({ payload: cms.payload, logger, workerFrom: 0, workerTimeoutMs: 1 })
    const server = await listen(express().use(searchRoute('/api', index)), '127.0.0.1', 0)
    try {
      await index.ready
      keepBusy(index, 'filler', 3000)
      const { status, body, headers } = await request(`${origin(server)}/api/search?q=filler`)
      expect(status).toBe(503)
      expect(headers.get('retry-after')).toBe('5')
      expect(body.errors[0].code).toBe('UNAVAILABLE')
      expect(body.errors[0].message).toMatch(/did not answer within 1 ms/)
    } finally {
      await new Promise((resolve) => server.close(resolve))
      await index.close()
    }
  })
})

describe('changes', () => {
  it('finds a post once published, keeps the published text through draft edits, drops it when unpublished or deleted', async () => {
    const id = await createPost('Narwhal notes', 'tusks and narwhalword ice', 'draft')
    expect(await hitIds(cms.api, 'narwhalword')).toEqual([])

    await cms.payload.update({ collection: 'posts', id, data: { _status: 'published' }, overrideAccess: true })
    await eventually(async () => expect(await hitIds(cms.api, 'narwhalword')).toEqual([`posts:${id}`]))

    // A draft edit of a published post: visitors still see the published text, and so does search.
    await cms.payload.update({
      collection: 'posts',
      id,
      data: { content: richText('A rewritten body about draftonlyword.') },
      draft: true,
      overrideAccess: true,
    })
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(await hitIds(cms.api, 'draftonlyword')).toEqual([])
    expect(await hitIds(cms.api, 'narwhalword')).toEqual([`posts:${id}`])

    await cms.payload.update({ collection: 'posts', id, data: { _status: 'draft' }, overrideAccess: true })
    await eventually(async () => expect(await hitIds(cms.api, 'narwhalword')).toEqual([]))

    await cms.payload.update({ collection: 'posts', id, data: { _status: 'published' }, overrideAccess: true })
    await eventually(async () => expect(await hitIds(cms.api, 'narwhal')).toEqual([`posts:${id}`]))
    await cms.payload.delete({ collection: 'posts', id, overrideAccess: true })
    await eventually(async () => expect(await hitIds(cms.api, 'narwhal')).toEqual([]))
  })

  it('never indexes a draft, however often it is saved', async () => {
    const id = await createPost('Okapi draft', 'okapiword', 'draft')
    await cms.payload.update({
      collection: 'posts',
      id,
      data: { title: 'Okapi draft 2' },
      draft: true,
      overrideAccess: true,
    })
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(await hitIds(cms.api, 'okapiword')).toEqual([])
    expect(await hitIds(cms.api, 'quokkaword')).toEqual([])
    expect(earlyDraft).toBeTypeOf('number')
  })

  it('answers links, highlighted snippets and facets', async () => {
    const id = await createPost('Capybara guide', 'capybaraword <b>bold</b> claims', 'published')
    await eventually(async () => expect(await hitIds(cms.api, 'capybaraword')).toEqual([`posts:${id}`]))
    const { body, headers } = await search(cms.api, 'q=capybaraword&type=posts&limit=5')
    expect(headers.get('cache-control')).toBe('no-store')
    expect(body).toMatchObject({ query: 'capybaraword', type: 'posts', total: 1, page: 1, limit: 5, totalPages: 1 })
    expect(body.facets).toEqual({ pages: 0, posts: 1, services: 0, projects: 0, demos: 0 })
    expect(body.hits[0]).toMatchObject({
      type: 'posts',
      id: String(id),
      title: 'Capybara guide',
      url: '/blog/capybara-guide',
    })
    expect(body.hits[0].snippet).toBe('A body about <mark>capybaraword</mark> &lt;b&gt;bold&lt;/b&gt; claims.')
    expect((await search(cms.api, 'q=capybaraword&type=pages')).body).toMatchObject({ total: 0, hits: [] })
  })
})

describe('hostile query strings', () => {
  const BAD_REQUESTS: Array<[string, string]> = [
    ['', 'q'],
    ['q=', 'q'],
    ['q=%20%20', 'q'],
    [`q=${'a'.repeat(201)}`, 'q'],
    [`q=${'%F0%9F%99%82'.repeat(150)}`, 'q'],
    ['q[]=a&q[]=b', 'q'],
    ['q[$gt]=a', 'q'],
    ['q=a&q=b', 'q'],
    ['q=a&type=users', 'type'],
    ['q=a&type=inquiries', 'type'],
    ['q=a&type[]=posts', 'type'],
    ['q=a&limit=0', 'limit'],
    ['q=a&limit=51', 'limit'],
    ['q=a&limit=1e3', 'limit'],
    ['q=a&page=0', 'page'],
    ['q=a&page=101', 'page'],
    ['q=a%00b', 'query'],
  ]

  it.each(BAD_REQUESTS)('?%s → 400 naming %s', async (query, field) => {
    const { status, body } = await search(cms.api, query)
    expect(status).toBe(400)
    expect(body.errors[0]).toMatchObject({ code: 'INVALID_QUERY', field })
    expect(typeof body.requestId).toBe('string')
  })

  const ODD_BUT_FINE = [
    'q=.*',
    'q=(((',
    'q=%5Ba-z%5D%2B%24',
    'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'q=%E2%80%AE%E2%80%8B',
    'q=%F0%9F%99%82%F0%9F%99%82',
    'q=%FF%FE',
    'q=caf%C3%A9%20na%C3%AFve',
    `q=${'word%20'.repeat(28)}`,
    'q=zeppelin&limit=50&page=100',
    'q=__proto__&type=',
    'q=constructor',
  ]

  it.each(ODD_BUT_FINE)('?%s → 200 with a list of hits', async (query) => {
    const { status, body } = await search(cms.api, query)
    expect(status).toBe(200)
    expect(Array.isArray(body.hits)).toBe(true)
    expect(body.total).toBeGreaterThanOrEqual(0)
  })

  it('refuses other methods with 405', async () => {
    const { status, body, headers } = await request(`${cms.api}/search?q=a`, { method: 'POST', json: {} })
    expect(status).toBe(405)
    expect(headers.get('allow')).toBe('GET, HEAD')
    expect(body.errors[0].code).toBe('METHOD_NOT_ALLOWED')
  })
})

describe('the search budget', () => {
  it('answers 429 in the error envelope past RATE_LIMIT_SEARCH_PER_MINUTE', async () => {
    const api = await cms.extraApp({ RATE_LIMIT_API_PER_MINUTE: '100000', RATE_LIMIT_SEARCH_PER_MINUTE: '5' })
    await eventually(async () => expect((await search(api, 'q=zeppelin')).status).toBe(200), 4)
    for (let i = 0; i < 5; i += 1) await search(api, 'q=zeppelin')
    const { status, body } = await search(api, 'q=zeppelin')
    expect(status).toBe(429)
    expect(body.errors[0].code).toBe('RATE_LIMITED')
  })
})
