/**
 * The route cache's fast path: the same hit the middleware would serve, answered by the
 * production entry (site/server.mjs) before a request enters Astro's pipeline (routing, render
 * context, middleware chain), which costs far more than the lookup itself. The bundle publishes
 * the lookup on `globalThis` under ROUTE_CACHE_LOOKUP, since server.mjs sits outside it.
 *
 * Redirects come first, as in the middleware chain: a 301/302 of a fresh redirect table is
 * answered here; while the table is stale (never loaded, or purged) or the path is gone (410, a
 * rendered page), the request goes to Astro, whose redirects middleware loads and answers.
 */
import { isReservedPath } from '@mspn/contract'

import { redirectHeaders, type RedirectTable } from './redirects.ts'
import { isCacheableRequest, ROUTE_CACHE_STATUS_HEADER, type RouteCache } from './routeCache.ts'

export const ROUTE_CACHE_LOOKUP = Symbol.for('mspn.site.routeCacheLookup')

export interface CachedAnswer {
  /** 200 for a cached page; 301/302 for a redirect. */
  status: number
  headers: Record<string, string>
  /** Null for HEAD. */
  body: string | null
}

export type RouteCacheLookup = (
  method: string | undefined,
  url: string | undefined,
  headers: Record<string, unknown>,
) => CachedAnswer | undefined

export function createRouteCacheLookup(cache: RouteCache, redirects?: RedirectTable): RouteCacheLookup {
  return (method = 'GET', rawUrl = '/', headers) => {
    let url: URL
    try {
      url = new URL(rawUrl, 'http://route.invalid')
    } catch {
      return undefined
    }
    if (redirects !== undefined && (method === 'GET' || method === 'HEAD') && !isReservedPath(url.pathname)) {
      if (!redirects.isFresh()) return undefined
      const answer = redirects.match(url.pathname, url.search)
      if (answer?.status === 410) return undefined
      if (answer !== undefined) return { status: answer.status, headers: redirectHeaders(answer), body: null }
    }
    if (!isCacheableRequest(method, url.pathname, headers.authorization !== undefined || headers.cookie !== undefined))
      return undefined
    const hit = cache.get(url)
    if (hit === undefined) return undefined
    return {
      status: 200,
      headers: { ...hit.headers, [ROUTE_CACHE_STATUS_HEADER]: 'HIT' },
      body: method === 'HEAD' ? null : hit.body,
    }
  }
}

export function publishRouteCacheLookup(cache: RouteCache, redirects?: RedirectTable): void {
  ;(globalThis as Record<symbol, unknown>)[ROUTE_CACHE_LOOKUP] = createRouteCacheLookup(cache, redirects)
}
