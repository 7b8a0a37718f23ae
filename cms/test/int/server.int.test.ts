/** The Express host over real HTTP: headers, request IDs, error envelope, cache, metrics, readiness, anti-spam. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SETTLE_MS } from '../../src/server/publicReads/cache'
import { ADMIN, login, startTestCms, type TestCms } from '../helpers/cms'
import { testDbKind } from '../helpers/database'
import { request } from '../helpers/http'

let cms: TestCms
let editor: string

beforeAll(async () => {
  cms = await startTestCms({ seed: true, env: { CONTACT_MIN_FILL_SECONDS: '2' } })
  editor = await login(cms, ADMIN.email, ADMIN.password)
})

afterAll(async () => {
  await cms?.stop()
})

describe('headers and request IDs', () => {
  it('sets security headers, no X-Powered-By, and a strict CSP on API responses', async () => {
    const { headers } = await request(`${cms.api}/posts?limit=1`)
    expect(headers.get('x-powered-by')).toBeNull()
    expect(headers.get('x-content-type-options')).toBe('nosniff')
    expect(headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(headers.get('strict-transport-security')).toBeNull()
  })

  it('echoes a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const sane = await request(`${cms.url}/health`, { headers: { 'x-request-id': 'trace-1234abcd' } })
    expect(sane.headers.get('x-request-id')).toBe('trace-1234abcd')
    const unsafe = await request(`${cms.url}/health`, { headers: { 'x-request-id': 'bad id\twith <stuff>' } })
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('compresses large responses with brotli or gzip', async () => {
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${cms.api}/posts?limit=10&depth=1`, { headers: { 'accept-encoding': encoding } })
      expect(response.headers.get('content-encoding')).toBe(encoding)
      expect((await response.json()).docs).toHaveLength(10)
    }
  })

  it('answers HEAD like GET without a body, for documents and media files', async () => {
    const list = await fetch(`${cms.api}/media?limit=1`)
    const { docs } = (await list.json()) as { docs: { url: string; filesize: number; mimeType: string }[] }
    const file = await fetch(`${cms.url}${new URL(docs[0].url, cms.url).pathname}`, { method: 'HEAD' })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe(docs[0].mimeType)
    expect(Number(file.headers.get('content-length'))).toBe(docs[0].filesize)
    expect((await file.arrayBuffer()).byteLength).toBe(0)
    const missing = await fetch(`${cms.api}/media/file/no-such-file.png`, { method: 'HEAD' })
    expect(missing.status).toBe(404)
    const head = await fetch(`${cms.api}/posts?limit=2`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toContain('application/json')
    expect((await head.arrayBuffer()).byteLength).toBe(0)
  })
})

describe('error envelope', () => {
  it('answers malformed JSON with 400 INVALID_JSON and the request ID', async () => {
    const { status, body, headers } = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-malformed-1' },
      body: '{"name": "x",',
    })
    expect(status).toBe(400)
    expect(body).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', code: 'INVALID_JSON' }],
      requestId: 'req-malformed-1',
    })
    expect(headers.get('x-request-id')).toBe('req-malformed-1')
  })

  it('answers an oversized body with 413 and stores nothing', async () => {
    const before = await cms.payload.count({ collection: 'inquiries', overrideAccess: true })
    const { status, body } = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: { name: 'Big', email: 'big@example.com', message: 'x'.repeat(2_000_000) },
    })
    expect(status).toBe(413)
    expect(body.errors[0].code).toBe('PAYLOAD_TOO_LARGE')
    expect((await cms.payload.count({ collection: 'inquiries', overrideAccess: true })).totalDocs).toBe(
      before.totalDocs,
    )
  })

  it('answers unknown routes and forbidden reads in the envelope, without stack traces', async () => {
    const unknown = await request(`${cms.api}/nope/1`)
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors[0].code).toBe('NOT_FOUND')
    expect(unknown.body.requestId).toBe(unknown.headers.get('x-request-id'))
    const outside = await request(`${cms.url}/not-here`)
    expect(outside.status).toBe(404)
    expect(outside.body.errors[0].code).toBe('NOT_FOUND')
    const forbidden = await request(`${cms.api}/users`)
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.errors[0]).toEqual({
      message: 'You are not allowed to perform this action.',
      code: 'FORBIDDEN',
    })
    for (const body of [unknown.body, forbidden.body]) expect(JSON.stringify(body)).not.toMatch(/stack|at \//)
  })
})

/** Waits out the cache's post-purge settle window. */
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100))

describe('public read cache', () => {
  const url = () => `${cms.api}/posts?limit=3&depth=1&sort=-publishedAt`

  it('misses, then hits, with ETag, 304 and CDN Cache-Control', async () => {
    const first = await fetch(`${cms.api}/services?depth=0&limit=2`)
    expect(first.headers.get('x-cache')).toBe('MISS')
    const second = await fetch(`${cms.api}/services?limit=2&depth=0`)
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(await second.text()).toBe(await first.text())
    const etag = second.headers.get('etag') as string
    expect(etag).toMatch(/^W\/".+"$/)
    expect(second.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=300')
    const notModified = await fetch(`${cms.api}/services?limit=2&depth=0`, { headers: { 'if-none-match': etag } })
    expect(notModified.status).toBe(304)
  })

  it('answers cross-origin reads from the site with CORS headers, cached or not, and exposes tracing headers', async () => {
    const url = `${cms.api}/categories?limit=1&depth=0`
    const origin = cms.env.siteUrl
    for (const expected of ['MISS', 'HIT']) {
      const response = await fetch(url, { headers: { origin } })
      expect(response.headers.get('x-cache')).toBe(expected)
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
      expect(response.headers.get('access-control-expose-headers')).toContain('X-Request-Id')
      expect(response.headers.get('vary')).toContain('Origin')
    }
    const stranger = await fetch(url, { headers: { origin: 'https://evil.example' } })
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('never serves or stores drafts or authenticated responses', async () => {
    await fetch(url())
    const authed = await fetch(`${url()}&draft=true`, { headers: { authorization: editor } })
    expect(authed.headers.get('x-cache')).toBe('BYPASS')
    expect(authed.headers.get('cache-control')).toBe('private, no-store')
    const withSession = await fetch(url(), { headers: { authorization: editor } })
    expect(withSession.headers.get('x-cache')).toBe('BYPASS')
    const drafts = await fetch(`${cms.api}/posts?draft=true&limit=100`)
    expect(drafts.headers.get('x-cache')).toBe('BYPASS')
    const anonymous = await (await fetch(`${cms.api}/posts?limit=100&depth=0`)).json()
    expect(anonymous.docs.every((p: { _status: string }) => p._status === 'published')).toBe(true)
    expect((await fetch(`${cms.api}/inquiries`)).headers.get('x-cache')).toBe('BYPASS')
  })

  it('serves the new version right after a publish, and keeps unrelated entries', async () => {
    const pages = await fetch(`${cms.api}/pages?depth=0&limit=1&select[title]=true`)
    await pages.text()
    const before = await (await fetch(url())).json()
    expect((await fetch(url())).headers.get('x-cache')).toBe('HIT')
    const post = before.docs[0]
    const updated = await request(`${cms.api}/posts/${post.id}`, {
      method: 'PATCH',
      json: { title: 'Freshly published title' },
      auth: editor,
    })
    expect(updated.status).toBe(200)
    const after = await fetch(url())
    expect(after.headers.get('x-cache')).toBe('MISS')
    expect((await after.json()).docs[0].title).toBe('Freshly published title')
    // Pages at depth 0 cannot contain posts: still cached.
    expect((await fetch(`${cms.api}/pages?depth=0&limit=1&select[title]=true`)).headers.get('x-cache')).toBe('HIT')
  })

  it('does not store reads made just after a purge (the write may not be committed yet)', async () => {
    const posts = `${cms.api}/posts?limit=2&depth=0`
    await request(`${cms.api}/posts/${(await (await fetch(posts)).json()).docs[0].id}`, {
      method: 'PATCH',
      json: { excerpt: 'Changed again.' },
      auth: editor,
    })
    expect((await fetch(posts)).headers.get('x-cache')).toBe('MISS')
    expect((await fetch(posts)).headers.get('x-cache')).toBe('MISS')
    await settle()
    expect((await fetch(posts)).headers.get('x-cache')).toBe('MISS')
    expect((await fetch(posts)).headers.get('x-cache')).toBe('HIT')
  })

  it('purges global reads when the global changes', async () => {
    await settle()
    await fetch(`${cms.api}/globals/navigation`)
    expect((await fetch(`${cms.api}/globals/navigation`)).headers.get('x-cache')).toBe('HIT')
    await request(`${cms.api}/globals/navigation`, {
      method: 'POST',
      json: { items: [{ link: { type: 'custom', url: '/x', label: 'X' } }] },
      auth: editor,
    })
    const fresh = await fetch(`${cms.api}/globals/navigation`)
    expect(fresh.headers.get('x-cache')).toBe('MISS')
    expect((await fresh.json()).items[0].link.label).toBe('X')
  })
})

describe('health, readiness and metrics', () => {
  it('reports liveness and readiness with the database check', async () => {
    expect((await request(`${cms.url}/health`)).status).toBe(200)
    const ready = await request(`${cms.url}/ready`)
    expect(ready.status).toBe(200)
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok' } })
  })

  it('exposes Prometheus metrics to loopback, by route template', async () => {
    // Read the body: the request is counted when its response finishes, not when headers arrive.
    await (
      await fetch(`${cms.api}/posts/${(await (await fetch(`${cms.api}/posts?limit=1`)).json()).docs[0].id}`)
    ).text()
    // One filter, two pages: the second reads the filter's ordered ID list and answers from it.
    for (const page of [1, 2]) await (await fetch(`${cms.api}/posts?limit=1&page=${page}&depth=0&sort=title`)).text()
    const { status, body, headers } = await request(`${cms.url}/metrics`)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toContain('text/plain')
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/posts\/:id",status="200"\}/,
    )
    expect(body).toContain('http_requests_in_flight')
    expect(body).toMatch(/cache_hits_total \d+/)
    // The list read above was a cache miss answered by the fast read (publicReads/fastRead.ts).
    expect(Number(/mspn_fast_reads_total\{outcome="served"\} (\d+)/.exec(body)?.[1])).toBeGreaterThanOrEqual(1)
    expect(body).toMatch(/mspn_fast_read_documents_total\{source="filled"\} [1-9]/)
    expect(body).toMatch(/mspn_fast_read_lists_total\{use="filled"\} [1-9]/)
    expect(body).toMatch(/mspn_fast_read_lists_total\{use="paged"\} [1-9]/)
    // On SQLite the compiled statements run on the reader connection; elsewhere there is none.
    const readerRuns = Number(/mspn_fast_read_reader_statements_total (\d+)/.exec(body)?.[1])
    if (testDbKind === 'sqlite') expect(readerRuns).toBeGreaterThanOrEqual(2)
    else expect(readerRuns).toBe(0)
    expect(body).toContain('process_resident_memory_bytes')
    expect(body).toContain('nodejs_eventloop_lag_seconds')
  })
})

describe('contact form anti-spam', () => {
  const inquiry = { name: 'Real Person', email: 'real@example.com', message: 'We would like a quote for a new site.' }

  it('refuses a filled honeypot and a form sent too fast, storing nothing', async () => {
    const before = (await cms.payload.count({ collection: 'inquiries', overrideAccess: true })).totalDocs
    const bot = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: { ...inquiry, website: 'http://spam.example' },
    })
    expect(bot.status).toBe(400)
    expect(bot.body.errors[0].code).toBe('SPAM_SUSPECTED')
    // The fill time is mandatory: leaving it out does not skip the check.
    const unstamped = await request(`${cms.api}/inquiries`, { method: 'POST', json: { ...inquiry, website: '' } })
    expect(unstamped.status).toBe(400)
    expect(unstamped.body.errors[0]).toMatchObject({ code: 'VALIDATION_ERROR', field: 'formStartedAt' })
    const fast = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: { ...inquiry, website: '', formStartedAt: Date.now() - 500 },
    })
    expect(fast.status).toBe(400)
    expect(fast.body.errors[0].code).toBe('TOO_FAST')
    expect((await cms.payload.count({ collection: 'inquiries', overrideAccess: true })).totalDocs).toBe(before)
  })

  it('accepts a human-paced form and strips the anti-spam fields', async () => {
    const ok = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: { ...inquiry, website: '', formStartedAt: Date.now() - 10_000 },
    })
    expect(ok.status).toBe(201)
    const stored = await cms.payload.findByID({ collection: 'inquiries', id: ok.body.doc.id, overrideAccess: true })
    expect(stored.email).toBe('real@example.com')
    expect(stored).not.toHaveProperty('website')
  })
})

describe('API description', () => {
  it('serves an OpenAPI 3.1 document generated from the collections', async () => {
    const { status, body } = await request(`${cms.api}/openapi.json`)
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
    expect(body.servers[0].url).toBe(`${cms.env.publicUrl}/api/v1`)
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/posts', '/posts/{id}', '/globals/site-settings']))
  })

  it('keeps the reference page to development', async () => {
    expect((await request(`${cms.api}/docs`)).status).toBe(404)
  })
})
