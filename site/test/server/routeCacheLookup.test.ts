/** The fast path site/server.mjs runs before Astro: the middleware's hits, by the middleware's rules. */
import { describe, expect, it } from 'vitest'

import { RouteCache } from '../../src/server/routeCache.ts'
import {
  createRouteCacheLookup,
  publishRouteCacheLookup,
  ROUTE_CACHE_LOOKUP,
} from '../../src/server/routeCacheLookup.ts'

function cacheWithPage() {
  const cache = new RouteCache()
  cache.set('/blog?category=x', {
    body: '<p>cached</p>',
    headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=0' },
    tags: ['collection:posts'],
  })
  return cache
}

describe('route cache lookup', () => {
  it('answers a stored page with its headers, marked as a hit', () => {
    const lookup = createRouteCacheLookup(cacheWithPage())
    expect(lookup('GET', '/blog?category=x', {})).toEqual({
      status: 200,
      headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=0', 'x-route-cache': 'HIT' },
      body: '<p>cached</p>',
    })
    expect(lookup('HEAD', '/blog?category=x', {})?.body).toBeNull()
  })

  it('leaves everything the middleware would not serve from the cache to Astro', () => {
    const lookup = createRouteCacheLookup(cacheWithPage())
    expect(lookup('GET', '/blog', {})).toBeUndefined() // another key
    expect(lookup('POST', '/blog?category=x', {})).toBeUndefined()
    expect(lookup('GET', '/blog?category=x', { cookie: 'session=1' })).toBeUndefined()
    expect(lookup('GET', '/blog?category=x', { authorization: 'Bearer x' })).toBeUndefined()
    expect(lookup('GET', '//[bad', {})).toBeUndefined()
    expect(lookup('GET', '/blog?category=y', {})).toBeUndefined()
  })

  it('uses the route cache key: parameters no page reads do not make another page', () => {
    const lookup = createRouteCacheLookup(cacheWithPage())
    expect(lookup('GET', '/blog?v=1&category=x&utm_source=z', {})?.body).toBe('<p>cached</p>')
  })

  it('follows purges at once', () => {
    const cache = cacheWithPage()
    const lookup = createRouteCacheLookup(cache)
    cache.purgeTags(['collection:posts'])
    expect(lookup('GET', '/blog?category=x', {})).toBeUndefined()
  })

  it('is published where the production entry looks for it', () => {
    publishRouteCacheLookup(cacheWithPage())
    const published = (globalThis as Record<symbol, unknown>)[ROUTE_CACHE_LOOKUP] as ReturnType<
      typeof createRouteCacheLookup
    >
    expect(published('GET', '/blog?category=x', {})?.body).toBe('<p>cached</p>')
  })
})
