/**
 * Redirects answered before rendering: the table read from a real HTTP server answering like the
 * CMS, the middleware (301/302 with Location, 410 through the Gone page, pages untouched), the fast
 * path of site/server.mjs, and a reload after the CMS's signed purge names `redirects`.
 */
import type { APIContext, MiddlewareNext } from 'astro'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { signPayload } from '@mspn/contract/signature'
import type { RedirectRule } from '@mspn/contract'
import { createCmsClient } from '../../src/cms/client.ts'
import { silentLogger } from '../../src/cms/logger.ts'
import { handleInvalidate } from '../../src/server/invalidate.ts'
import { cmsRedirectSource, GONE_PATH, RedirectTable, redirectsMiddleware } from '../../src/server/redirects.ts'
import { RouteCache } from '../../src/server/routeCache.ts'
import { createRouteCacheLookup } from '../../src/server/routeCacheLookup.ts'
import { sendJson, startServer, type TestServer } from '../helpers/server.ts'

const SECRET = 'a-test-secret-that-is-at-least-32-characters'
const quiet = { logWarn: () => undefined }

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A CMS answering `GET /api/v1/redirects` from `rules()`, two to a page. */
async function cmsWith(rules: () => RedirectRule[]) {
  server = await startServer((request, response) => {
    const url = new URL(request.url, 'http://cms')
    if (url.pathname !== '/api/v1/redirects') return sendJson(response, 404, { errors: [] })
    const all = rules()
    const page = Number(url.searchParams.get('page') ?? 1)
    const docs = all.slice((page - 1) * 2, page * 2)
    const totalPages = Math.max(1, Math.ceil(all.length / 2))
    sendJson(response, 200, {
      docs,
      totalDocs: all.length,
      limit: 2,
      totalPages,
      page,
      hasPrevPage: page > 1,
      hasNextPage: page < totalPages,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page < totalPages ? page + 1 : null,
    })
  })
  const client = createCmsClient({ baseUrl: server.origin, retries: 0, logger: silentLogger })
  return { server, table: new RedirectTable({ load: cmsRedirectSource(client), ...quiet }) }
}

function contextFor(path: string, method = 'GET'): APIContext {
  const request = new Request(`http://localhost:4321${path}`, { method })
  return { request, url: new URL(request.url), isPrerendered: false } as unknown as APIContext
}

async function run(table: RedirectTable, path: string, method = 'GET') {
  const next = vi.fn<MiddlewareNext>(async () => new Response('<p>page</p>', { status: 200 }))
  const response = (await redirectsMiddleware(table)(contextFor(path, method), next)) as Response
  return { response, next }
}

describe('redirects before rendering', () => {
  it('answers 301/302 with Location and never renders; 410 renders the Gone page; other paths render', async () => {
    const { table } = await cmsWith(() => [
      { from: '/old', type: '301', destination: '/new' },
      { from: '/promo', type: '302', destination: 'https://partner.example/offer?x=1' },
      { from: '/retired', type: '410', destination: null },
    ])
    const moved = await run(table, '/old/?utm_source=mail')
    expect(moved.next).not.toHaveBeenCalled()
    expect(moved.response.status).toBe(301)
    expect(moved.response.headers.get('location')).toBe('/new?utm_source=mail')
    expect(moved.response.headers.get('cache-control')).toBe('public, max-age=3600')

    const promo = await run(table, '/promo', 'HEAD')
    expect(promo.response.status).toBe(302)
    expect(promo.response.headers.get('location')).toBe('https://partner.example/offer?x=1')

    const gone = await run(table, '/retired')
    expect(gone.next).toHaveBeenCalledWith(GONE_PATH)

    const page = await run(table, '/elsewhere')
    expect(page.next).toHaveBeenCalledWith()
    expect(page.response.status).toBe(200)

    const post = await run(table, '/old', 'POST')
    expect(post.next).toHaveBeenCalledWith()
  })

  it('reads every page of the table once, and again only after a purge naming redirects', async () => {
    let rules: RedirectRule[] = [
      { from: '/a', type: '301', destination: '/b' },
      { from: '/c', type: '301', destination: '/d' },
      { from: '/e', type: '410' },
    ]
    const { server: cms, table } = await cmsWith(() => rules)
    await run(table, '/a')
    await run(table, '/zzz')
    expect(cms.requests).toHaveLength(2) // two pages, one load
    expect(table.size).toBe(3)

    rules = [{ from: '/a', type: '302', destination: '/elsewhere' }]
    const purge = (slug: string) => {
      const body = JSON.stringify({ changes: [{ kind: 'collection', slug, id: 1, operation: 'update' }] })
      const request = new Request('http://site/_cache/invalidate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-MSPN-Signature': signPayload(SECRET, body) },
        body,
      })
      return handleInvalidate(request, { secret: SECRET, cache: new RouteCache(), redirects: table, ...quiet })
    }
    expect((await purge('posts')).status).toBe(200)
    expect(table.isFresh()).toBe(true)
    expect((await run(table, '/a')).response.status).toBe(301)

    expect((await purge('redirects')).status).toBe(200)
    expect(table.isFresh()).toBe(false)
    const after = await run(table, '/a')
    expect(after.response.status).toBe(302)
    expect(after.response.headers.get('location')).toBe('/elsewhere')
    expect((await run(table, '/e')).next).toHaveBeenCalledWith()
  })

  it('keeps the last table when the CMS is down, and pages still render', async () => {
    let up = true
    server = await startServer((_request, response) => {
      if (!up) return sendJson(response, 503, { errors: [{ message: 'down', code: 'UNAVAILABLE' }] })
      sendJson(response, 200, {
        docs: [{ from: '/a', type: '301', destination: '/b' }],
        totalDocs: 1,
        limit: 500,
        totalPages: 1,
        page: 1,
        hasPrevPage: false,
        hasNextPage: false,
      })
    })
    const client = createCmsClient({ baseUrl: server.origin, retries: 0, logger: silentLogger })
    const table = new RedirectTable({ load: cmsRedirectSource(client), ...quiet })
    expect((await run(table, '/a')).response.status).toBe(301)
    up = false
    table.invalidate()
    expect((await run(table, '/a')).response.status).toBe(301)
    expect((await run(table, '/page')).response.status).toBe(200)
  })

  it('the fast path answers a fresh table before the route cache, and leaves stale tables and 410 to Astro', async () => {
    const { table } = await cmsWith(() => [
      { from: '/cached-but-moved', type: '301', destination: '/new' },
      { from: '/gone', type: '410' },
    ])
    const cache = new RouteCache()
    const page = { body: '<p>old</p>', headers: { 'content-type': 'text/html' }, tags: ['doc:posts:1'] }
    cache.set('/cached-but-moved', page)
    cache.set('/gone', page)
    cache.set('/kept', page)
    const lookup = createRouteCacheLookup(cache, table)

    expect(lookup('GET', '/cached-but-moved', {})).toBeUndefined() // not loaded yet: Astro loads it
    await table.refresh()
    expect(lookup('GET', '/cached-but-moved', {})).toEqual({
      status: 301,
      headers: { location: '/new', 'cache-control': 'public, max-age=3600' },
      body: null,
    })
    expect(lookup('GET', '/gone', {})).toBeUndefined()
    expect(lookup('GET', '/kept', {})?.status).toBe(200)
    table.invalidate()
    expect(lookup('GET', '/kept', {})).toBeUndefined()
  })
})
