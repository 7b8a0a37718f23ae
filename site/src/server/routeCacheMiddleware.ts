/**
 * Serves pages from the route cache, and stores the pages that ask to be stored. Not wired in
 * by itself: `src/middleware.ts` opts in with
 *
 *   import { routeCacheMiddleware } from './server/routeCacheMiddleware.ts';
 *   export const onRequest = routeCacheMiddleware();
 *
 * A page opts in by naming what it shows: `tagRoute(Astro.response.headers, [docTag('posts',
 * post.id), collectionTag('posts'), globalTag('navigation')])`. Only anonymous GET/HEAD
 * requests for 200 HTML answers with tags and no Set-Cookie are stored; the tag header is
 * internal and never reaches the visitor. `X-Route-Cache: HIT | MISS` tells what happened.
 *
 * Keys are `routeKey(url)` (path plus the query parameters pages read), the same the fast path
 * in site/server.mjs uses; concurrent misses for one key share one render (single flight).
 */
import type { MiddlewareHandler } from 'astro'

import {
  isCacheableRequest,
  ROUTE_CACHE_STATUS_HEADER,
  routeCache as sharedCache,
  routeKey,
  type CachedRoute,
  type RouteCache,
} from './routeCache.ts'

export { ROUTE_CACHE_STATUS_HEADER }
import { redirectTable } from './redirects.ts'
import { publishRouteCacheLookup } from './routeCacheLookup.ts'

export const ROUTE_TAGS_HEADER = 'x-route-cache-tags'

/** Headers that belong to one response only, or that the cache rewrites. */
const NOT_REPLAYED = new Set([
  'set-cookie',
  'content-length',
  'transfer-encoding',
  'connection',
  'date',
  ROUTE_TAGS_HEADER,
  ROUTE_CACHE_STATUS_HEADER,
])

/** Marks the response being rendered as cacheable under `tags` (adds to any already set). */
export function tagRoute(headers: Headers, tags: readonly string[]): void {
  const existing = (headers.get(ROUTE_TAGS_HEADER) ?? '').split(/\s+/).filter(Boolean)
  headers.set(ROUTE_TAGS_HEADER, [...new Set([...existing, ...tags])].join(' '))
}

function cacheable(request: Request, url: URL): boolean {
  return isCacheableRequest(
    request.method,
    url.pathname,
    request.headers.has('authorization') || request.headers.has('cookie'),
  )
}

export function routeCacheMiddleware(cache: RouteCache = sharedCache): MiddlewareHandler {
  // The production entry (site/server.mjs) serves this cache's hits, and redirects, before Astro runs.
  if (cache === sharedCache) publishRouteCacheLookup(cache, redirectTable)
  /**
   * Renders in progress by cache key, resolving to whether the page was stored: concurrent
   * misses for one page share one render (and one set of CMS reads) instead of each doing it.
   */
  const inflight = new Map<string, Promise<boolean>>()

  const replay = (hit: CachedRoute, method: string) => {
    const headers = new Headers(hit.headers)
    headers.set(ROUTE_CACHE_STATUS_HEADER, 'HIT')
    return new Response(method === 'HEAD' ? null : hit.body, { status: 200, headers })
  }

  /** Renders, stores the page when it asks to be stored; `stored` says whether it was. */
  async function render(
    request: Request,
    url: URL,
    next: () => Promise<Response>,
  ): Promise<{ response: Response; stored: boolean }> {
    const response = await next()
    const tags = (response.headers.get(ROUTE_TAGS_HEADER) ?? '').split(/\s+/).filter(Boolean)
    if (tags.length === 0) return { response, stored: false }
    const type = response.headers.get('content-type') ?? ''
    if (
      response.status !== 200 ||
      !type.startsWith('text/html') ||
      response.headers.has('set-cookie') ||
      request.method === 'HEAD'
    ) {
      const headers = new Headers(response.headers)
      headers.delete(ROUTE_TAGS_HEADER)
      return {
        response: new Response(response.body, { status: response.status, statusText: response.statusText, headers }),
        stored: false,
      }
    }
    const body = await response.text()
    const kept: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      if (!NOT_REPLAYED.has(name.toLowerCase())) kept[name] = value
    })
    const stored = cache.set(url, { body, headers: kept, tags })
    const headers = new Headers(kept)
    headers.set(ROUTE_CACHE_STATUS_HEADER, 'MISS')
    return { response: new Response(body, { status: 200, headers }), stored }
  }

  return async (context, next) => {
    const { request, url } = context
    // Pages written to files at build time (the static export) have nothing to cache here.
    if (context.isPrerendered || !cacheable(request, url)) return next()

    const hit = cache.get(url)
    if (hit !== undefined) return replay(hit, request.method)

    const key = routeKey(url)
    const leader = inflight.get(key)
    if (leader !== undefined) {
      // A follower: take the leader's stored page; if it stored none (an error, a page that is
      // not cached), render for itself.
      if (await leader) {
        const shared = cache.get(url)
        if (shared !== undefined) return replay(shared, request.method)
      }
      return (await render(request, url, next)).response
    }
    // HEAD renders store nothing, so only GETs lead.
    if (request.method !== 'GET') return (await render(request, url, next)).response
    let settle: (stored: boolean) => void = () => undefined
    inflight.set(key, new Promise<boolean>((resolve) => (settle = resolve)))
    let stored = false
    try {
      const result = await render(request, url, next)
      stored = result.stored
      return result.response
    } finally {
      inflight.delete(key)
      settle(stored)
    }
  }
}
