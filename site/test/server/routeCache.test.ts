import { describe, expect, it } from 'vitest'

import { RouteCache, routeCache, routeKey } from '../../src/server/routeCache.ts'

const page = (body: string, tags: string[]) => ({ body, headers: { 'content-type': 'text/html; charset=utf-8' }, tags })

describe('routeKey', () => {
  it('keeps path and the parameters pages read, drops origin, fragment and unknown parameters', () => {
    expect(routeKey('https://evil.example/blog/x?category=news#top')).toBe('/blog/x?category=news')
    expect(routeKey('/blog')).toBe('/blog')
    expect(routeKey(new URL('http://localhost:4321/a?b=1'))).toBe('/a')
    expect(routeKey('/services?v=1')).toBe('/services')
    expect(routeKey('/services?')).toBe('/services')
  })

  it('is canonical: fixed order, the first of repeated values (what searchParams.get sees), empty values kept', () => {
    expect(routeKey('/contact?utm=x&sent=1&error=rate_limited&retry=30&sent=2')).toBe(
      '/contact?error=rate_limited&retry=30&sent=1',
    )
    expect(routeKey('/contact?retry=30&error=rate_limited')).toBe(routeKey('/contact?error=rate_limited&retry=30'))
    expect(routeKey('/blog?category=')).toBe('/blog?category=')
    expect(routeKey('/blog?category=a%20b')).toBe(routeKey('/blog?category=a+b'))
  })

  it('makes one entry of a page asked for with many unknown parameters', () => {
    const cache = new RouteCache()
    cache.set('/services?v=1', page('services', ['collection:services']))
    for (let v = 2; v <= 150; v += 1) expect(cache.get(`/services?v=${v}`)?.body).toBe('services')
    expect(cache.get('/services')?.body).toBe('services')
    expect(cache.stats().entries).toBe(1)
  })
})

describe('RouteCache', () => {
  it('stores and answers a page with its headers', () => {
    const cache = new RouteCache()
    expect(cache.set('/blog/hello', page('<h1>Hello</h1>', ['doc:posts:1']))).toBe(true)
    expect(cache.get('http://site/blog/hello')).toEqual(page('<h1>Hello</h1>', ['doc:posts:1']))
    expect(cache.get('/blog/other')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 })
  })

  it('purges exactly the pages carrying a purged tag and keeps unrelated ones', () => {
    const cache = new RouteCache()
    cache.set('/blog', page('list', ['collection:posts', 'global:navigation']))
    cache.set('/blog/hello', page('post 1', ['doc:posts:1', 'global:navigation']))
    cache.set('/blog/second', page('post 2', ['doc:posts:2', 'global:navigation']))
    cache.set('/services', page('services', ['collection:services', 'global:navigation']))

    expect(cache.purgeTags(['collection:posts', 'doc:posts:1'])).toBe(2)
    expect(cache.get('/blog')).toBeUndefined()
    expect(cache.get('/blog/hello')).toBeUndefined()
    expect(cache.get('/blog/second')?.body).toBe('post 2')
    expect(cache.get('/services')?.body).toBe('services')
    expect(cache.keysFor('collection:posts')).toEqual([])

    expect(cache.purgeTags(['global:navigation'])).toBe(2)
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0, purged: 4 })
  })

  it('purges nothing for unknown tags', () => {
    const cache = new RouteCache()
    cache.set('/a', page('a', ['doc:pages:1']))
    expect(cache.purgeTags(['doc:pages:2', 'collection:posts'])).toBe(0)
    expect(cache.get('/a')).toBeDefined()
  })

  it('evicts the least recently used pages when over its byte budget', () => {
    const cache = new RouteCache({ maxBytes: 1000, maxEntryBytes: 1000 })
    const body = 'x'.repeat(250)
    cache.set('/one', page(body, ['t:1']))
    cache.set('/two', page(body, ['t:2']))
    cache.set('/three', page(body, ['t:3']))
    cache.get('/one') // now /two is the least recently used
    cache.set('/four', page(body, ['t:4']))
    expect(cache.get('/two')).toBeUndefined()
    expect(cache.get('/one')).toBeDefined()
    expect(cache.get('/four')).toBeDefined()
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000)
    expect(cache.stats().evictions).toBe(1)
    // The evicted page left the tag index too.
    expect(cache.keysFor('t:2')).toEqual([])
  })

  it('counts bytes, not characters', () => {
    const cache = new RouteCache({ maxBytes: 10_000 })
    cache.set('/a', { body: 'é'.repeat(100), headers: {}, tags: [] })
    expect(cache.stats().bytes).toBeGreaterThanOrEqual(200)
  })

  it('refuses a page larger than maxEntryBytes', () => {
    const cache = new RouteCache({ maxBytes: 10_000, maxEntryBytes: 100 })
    expect(cache.set('/big', page('x'.repeat(200), []))).toBe(false)
    expect(cache.get('/big')).toBeUndefined()
    expect(cache.stats().entries).toBe(0)
  })

  it('replaces a page under the same key, re-indexing its tags', () => {
    const cache = new RouteCache()
    cache.set('/a', page('old', ['doc:posts:1']))
    cache.set('/a', page('new', ['doc:posts:2']))
    expect(cache.purgeTags(['doc:posts:1'])).toBe(0)
    expect(cache.get('/a')?.body).toBe('new')
    expect(cache.stats().entries).toBe(1)
  })

  it('expires entries after ttlMs', () => {
    let now = 1_000
    const cache = new RouteCache({ ttlMs: 500, now: () => now })
    cache.set('/a', page('a', ['x']))
    now += 499
    expect(cache.get('/a')).toBeDefined()
    now += 1
    expect(cache.get('/a')).toBeUndefined()
    expect(cache.stats().entries).toBe(0)
  })

  it('never expires with ttlMs 0', () => {
    let now = 0
    const cache = new RouteCache({ ttlMs: 0, now: () => now })
    cache.set('/a', page('a', []))
    now = 10 ** 12
    expect(cache.get('/a')).toBeDefined()
  })

  it('answers copies, so a caller cannot change what is stored', () => {
    const cache = new RouteCache()
    cache.set('/a', page('a', []))
    cache.get('/a')!.headers['x-extra'] = '1'
    expect(cache.get('/a')!.headers).not.toHaveProperty('x-extra')
  })

  it('deletes and clears', () => {
    const cache = new RouteCache()
    cache.set('/a', page('a', ['t']))
    cache.set('/b', page('b', ['t']))
    expect(cache.delete('/a')).toBe(true)
    expect(cache.delete('/a')).toBe(false)
    expect(cache.keysFor('t')).toEqual(['/b'])
    cache.clear()
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 })
  })

  it('is one shared instance per process', async () => {
    const again = await import('../../src/server/routeCache.ts')
    expect(again.routeCache).toBe(routeCache)
  })
})
