/**
 * The route cache's fast path: the same hit the middleware would serve, answered by the
 * production entry (site/server.mjs) before a request enters Astro's pipeline (routing, render
 * context, middleware chain), which costs far more than the lookup itself. The bundle publishes
 * the lookup on `globalThis` under ROUTE_CACHE_LOOKUP, since server.mjs sits outside it.
 */
import { isCacheableRequest, ROUTE_CACHE_STATUS_HEADER, type RouteCache } from './routeCache.ts'

export const ROUTE_CACHE_LOOKUP = Symbol.for('mspn.site.routeCacheLookup')

export interface CachedAnswer {
  headers: Record<string, string>
  /** Null for HEAD. */
  body: string | null
}

export type RouteCacheLookup = (
  method: string | undefined,
  url: string | undefined,
  headers: Record<string, unknown>,
) => CachedAnswer | undefined

export function createRouteCacheLookup(cache: RouteCache): RouteCacheLookup {
  return (method = 'GET', rawUrl = '/', headers) => {
    let url: URL
    try {
      url = new URL(rawUrl, 'http://route.invalid')
    } catch {
      return undefined
    }
    if (!isCacheableRequest(method, url.pathname, headers.authorization !== undefined || headers.cookie !== undefined))
      return undefined
    const hit = cache.get(url)
    if (hit === undefined) return undefined
    return {
      headers: { ...hit.headers, [ROUTE_CACHE_STATUS_HEADER]: 'HIT' },
      body: method === 'HEAD' ? null : hit.body,
    }
  }
}

export function publishRouteCacheLookup(cache: RouteCache): void {
  ;(globalThis as Record<symbol, unknown>)[ROUTE_CACHE_LOOKUP] = createRouteCacheLookup(cache)
}
