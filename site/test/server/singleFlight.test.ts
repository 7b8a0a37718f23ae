/** Concurrent misses for one route-cache key share one render. */
import type { APIContext, MiddlewareNext } from 'astro'
import { describe, expect, it } from 'vitest'

import { RouteCache } from '../../src/server/routeCache.ts'
import { routeCacheMiddleware, tagRoute } from '../../src/server/routeCacheMiddleware.ts'

function contextFor(path: string, init: RequestInit = {}): APIContext {
  const request = new Request(`http://localhost:4321${path}`, init)
  return { request, url: new URL(request.url) } as unknown as APIContext
}

/** A render that waits until released, so several requests are in flight at once. */
function gatedRenders(make: (index: number) => Response) {
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (release = resolve))
  let count = 0
  const next: MiddlewareNext = async () => {
    const index = count++
    await gate
    return make(index)
  }
  return { next, release, renders: () => count }
}

const page = (body: string, status = 200) => {
  const headers = new Headers({ 'content-type': 'text/html' })
  tagRoute(headers, ['collection:services'])
  return new Response(body, { status, headers })
}

describe('route cache single flight', () => {
  it('renders once for concurrent misses of one key (unknown parameters included); followers get the stored page', async () => {
    const cache = new RouteCache()
    const middleware = routeCacheMiddleware(cache)
    const gated = gatedRenders((index) => page(`render ${index}`))
    const paths = ['/services', '/services?v=1', '/services?v=2', '/services?utm=x']
    const pending = paths.map((path) => middleware(contextFor(path), gated.next) as Promise<Response>)
    await new Promise((resolve) => setTimeout(resolve, 10))
    gated.release()
    const responses = await Promise.all(pending)
    expect(gated.renders()).toBe(1)
    expect(await Promise.all(responses.map((response) => response.text()))).toEqual(Array(4).fill('render 0'))
    expect(responses.map((response) => response.headers.get('x-route-cache'))).toEqual(['MISS', 'HIT', 'HIT', 'HIT'])
    expect(cache.stats().entries).toBe(1)
  })

  it('lets followers render for themselves when the leader stored nothing', async () => {
    const cache = new RouteCache()
    const middleware = routeCacheMiddleware(cache)
    const gated = gatedRenders((index) => (index === 0 ? page('unavailable', 503) : page(`render ${index}`)))
    const pending = [0, 1, 2].map(() => middleware(contextFor('/projects'), gated.next) as Promise<Response>)
    await new Promise((resolve) => setTimeout(resolve, 10))
    gated.release()
    const responses = await Promise.all(pending)
    expect(responses[0]!.status).toBe(503)
    expect(responses.slice(1).map((response) => response.status)).toEqual([200, 200])
    expect(gated.renders()).toBe(3)
  })

  it('lets followers render when the leader failed, and forgets the flight', async () => {
    const cache = new RouteCache()
    const middleware = routeCacheMiddleware(cache)
    let calls = 0
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const next: MiddlewareNext = async () => {
      calls += 1
      if (calls === 1) {
        await gate
        throw new Error('render failed')
      }
      return page('second')
    }
    const leader = middleware(contextFor('/blog'), next) as Promise<Response>
    const follower = middleware(contextFor('/blog?v=9'), next) as Promise<Response>
    release()
    await expect(leader).rejects.toThrow('render failed')
    expect(await (await follower).text()).toBe('second')
    // A later request is served from what the follower stored.
    const later = (await middleware(contextFor('/blog'), next)) as Response
    expect(later.headers.get('x-route-cache')).toBe('HIT')
    expect(calls).toBe(2)
  })

  it('does not share renders between different keys', async () => {
    const cache = new RouteCache()
    const middleware = routeCacheMiddleware(cache)
    const gated = gatedRenders((index) => page(`render ${index}`))
    const pending = ['/blog?category=a', '/blog?category=b'].map(
      (path) => middleware(contextFor(path), gated.next) as Promise<Response>,
    )
    gated.release()
    await Promise.all(pending)
    expect(gated.renders()).toBe(2)
  })
})
