import type { APIContext, MiddlewareNext } from 'astro'
import { describe, expect, it, vi } from 'vitest'

import { RouteCache } from '../../src/server/routeCache.ts'
import { ROUTE_TAGS_HEADER, routeCacheMiddleware, tagRoute } from '../../src/server/routeCacheMiddleware.ts'

function contextFor(path: string, init: RequestInit = {}): APIContext {
  const request = new Request(`http://localhost:4321${path}`, init)
  return { request, url: new URL(request.url) } as unknown as APIContext
}

function htmlPage(body: string, tags: string[] | null, init: ResponseInit = {}): Response {
  const headers = new Headers({ 'content-type': 'text/html', ...(init.headers as Record<string, string> | undefined) })
  if (tags) tagRoute(headers, tags)
  return new Response(body, { status: 200, ...init, headers })
}

async function run(cache: RouteCache, path: string, render: () => Response, init: RequestInit = {}) {
  const next = vi.fn<MiddlewareNext>(async () => render())
  const response = (await routeCacheMiddleware(cache)(contextFor(path, init), next)) as Response
  return { response, rendered: next.mock.calls.length, body: await response.text() }
}

describe('routeCacheMiddleware', () => {
  it('stores a tagged HTML page and serves it from the cache the second time', async () => {
    const cache = new RouteCache()
    const first = await run(cache, '/blog/hello', () =>
      htmlPage('<p>v1</p>', ['doc:posts:1'], { headers: { 'cache-control': 'public, max-age=0' } }),
    )
    expect(first.response.headers.get('x-route-cache')).toBe('MISS')
    expect(first.response.headers.get(ROUTE_TAGS_HEADER)).toBeNull()
    expect(first.body).toBe('<p>v1</p>')

    const second = await run(cache, '/blog/hello', () => htmlPage('<p>v2</p>', ['doc:posts:1']))
    expect(second.rendered).toBe(0)
    expect(second.body).toBe('<p>v1</p>')
    expect(second.response.headers.get('x-route-cache')).toBe('HIT')
    expect(second.response.headers.get('cache-control')).toBe('public, max-age=0')

    cache.purgeTags(['doc:posts:1'])
    const third = await run(cache, '/blog/hello', () => htmlPage('<p>v2</p>', ['doc:posts:1']))
    expect(third.rendered).toBe(1)
    expect(third.body).toBe('<p>v2</p>')
  })

  it('leaves untagged pages alone', async () => {
    const cache = new RouteCache()
    await run(cache, '/about', () => htmlPage('about', null))
    expect(cache.stats().entries).toBe(0)
  })

  it('does not store errors, non-HTML, cookies or HEAD, and still hides the tag header', async () => {
    const cache = new RouteCache()
    const notFound = await run(cache, '/x', () => htmlPage('gone', ['doc:posts:9'], { status: 404 }))
    expect(notFound.response.status).toBe(404)
    expect(notFound.response.headers.get(ROUTE_TAGS_HEADER)).toBeNull()
    await run(
      cache,
      '/feed.xml',
      () =>
        new Response('<rss/>', {
          headers: { 'content-type': 'application/rss+xml', [ROUTE_TAGS_HEADER]: 'collection:posts' },
        }),
    )
    await run(cache, '/c', () => htmlPage('c', ['t'], { headers: { 'set-cookie': 'a=1' } }))
    await run(cache, '/h', () => htmlPage('', ['t']), { method: 'HEAD' })
    expect(cache.stats().entries).toBe(0)
  })

  it('passes through non-GET, signed-in and internal requests without looking', async () => {
    const cache = new RouteCache()
    cache.set('/api/contact', { body: 'cached', headers: {}, tags: ['t'] })
    cache.set('/private', { body: 'cached', headers: {}, tags: ['t'] })
    expect((await run(cache, '/api/contact', () => new Response('fresh'))).body).toBe('fresh')
    expect((await run(cache, '/private', () => new Response('fresh'), { method: 'POST', body: 'x' })).body).toBe(
      'fresh',
    )
    expect((await run(cache, '/private', () => new Response('fresh'), { headers: { cookie: 'session=1' } })).body).toBe(
      'fresh',
    )
    expect((await run(cache, '/_cache/invalidate', () => new Response('fresh'))).body).toBe('fresh')
  })

  it('tagRoute merges tags without duplicates', () => {
    const headers = new Headers()
    tagRoute(headers, ['a', 'b'])
    tagRoute(headers, ['b', 'c'])
    expect(headers.get(ROUTE_TAGS_HEADER)).toBe('a b c')
  })
})
