/**
 * The site's route cache: rendered HTML kept in this process, indexed by tag, so a content
 * change purges exactly the pages that show it (tags: see ./cacheTags.ts).
 *
 * - `get(url)` answers a stored page (and marks it recently used) or undefined;
 * - `set(url, { body, headers, tags })` stores one, evicting the least recently used pages
 *   while the total is over `maxBytes`; a page larger than `maxEntryBytes` is not stored;
 * - `purgeTags(tags)` drops every page carrying any of the tags and answers how many.
 *
 * Entries also expire after `ttlMs`, which bounds staleness when a purge is lost (the CMS
 * gives up after a few retries, and the CMS tells only one process when several run behind a
 * load balancer: a shared store, e.g. Redis pub/sub, is the next step for that).
 *
 * Keys are the path and the query parameters pages read (ROUTE_QUERY_PARAMS), nothing else:
 * the Host header and unknown parameters are the visitor's to choose, and keying on them would
 * let anyone fill the cache with copies and make every request a render (`/services?v=1…150`).
 *
 * Astro 7 has a built-in route cache (`cache: { provider: memoryCache() }` in astro.config,
 * `Astro.cache.set({ tags })`, `context.cache.invalidate({ tags })`). It is not enabled in this
 * site's config; the invalidation endpoint purges it too when it is, with the same tags.
 */
import { Buffer } from 'node:buffer'
import { isPreviewPath } from './previewPolicy.ts'

export interface CachedRoute {
  body: string
  /** Response headers to send again with the body (content-type, …). */
  headers: Record<string, string>
  tags: readonly string[]
}

export interface RouteCacheOptions {
  /** Total budget for bodies, headers and keys. Default 32 MiB. */
  maxBytes?: number
  /** Larger pages are not stored. Default: an eighth of maxBytes. */
  maxEntryBytes?: number
  /** Age after which an entry is dropped even without a purge. Default 10 minutes; 0 = never. */
  ttlMs?: number
  /** Clock in ms; injectable for tests. */
  now?: () => number
}

export interface RouteCacheStats {
  entries: number
  bytes: number
  hits: number
  misses: number
  evictions: number
  purged: number
}

interface Entry extends CachedRoute {
  bytes: number
  storedAt: number
}

/** Set on every page answer the cache was involved in: HIT or MISS. */
export const ROUTE_CACHE_STATUS_HEADER = 'x-route-cache'

/** Only anonymous GET/HEAD of pages: endpoints and Astro's internals answer for themselves. */
export function isCacheableRequest(method: string, pathname: string, hasCredentials: boolean): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  if (hasCredentials) return false
  // Drafts are never cached (the token is in the query, but a stored page must never be possible).
  if (isPreviewPath(pathname)) return false
  // Endpoints and Astro's internals answer for themselves.
  return !pathname.startsWith('/api/') && !pathname.startsWith('/_')
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024
const DEFAULT_TTL_MS = 10 * 60 * 1000

/**
 * The query parameters cached pages read (`grep -rn searchParams site/src`), sorted: the contact
 * form's outcome (`sent`, `error`, `retry`, contact/ContactForm.astro) and the blog listing's
 * `category` (which its canonical URL keeps too). `token` is preview-only, never cached. A page
 * that starts reading another parameter must add it here, or it is served another's copy.
 */
export const ROUTE_QUERY_PARAMS: readonly string[] = ['category', 'error', 'retry', 'sent']

/**
 * `https://x/a?v=9&sent=1&sent=2#c` → `/a?sent=1`: path, then each allowed parameter as pages
 * see it (`searchParams.get`: the first value), in a fixed order. Unknown parameters are dropped.
 */
export function routeKey(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url, 'http://route.invalid') : url
  if (parsed.search === '') return parsed.pathname
  const kept = new URLSearchParams()
  for (const name of ROUTE_QUERY_PARAMS) {
    const value = parsed.searchParams.get(name)
    if (value !== null) kept.set(name, value)
  }
  const query = kept.toString()
  return query === '' ? parsed.pathname : `${parsed.pathname}?${query}`
}

function sizeOf(key: string, route: CachedRoute): number {
  let bytes = Buffer.byteLength(key) + Buffer.byteLength(route.body)
  for (const [name, value] of Object.entries(route.headers)) bytes += name.length + Buffer.byteLength(value)
  for (const tag of route.tags) bytes += Buffer.byteLength(tag)
  return bytes
}

export class RouteCache {
  readonly maxBytes: number
  readonly maxEntryBytes: number
  readonly ttlMs: number
  readonly #now: () => number
  /** Insertion order is recency order: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry>()
  readonly #byTag = new Map<string, Set<string>>()
  #bytes = 0
  #hits = 0
  #misses = 0
  #evictions = 0
  #purged = 0

  constructor(options: RouteCacheOptions = {}) {
    this.maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_MAX_BYTES)
    this.maxEntryBytes = Math.min(this.maxBytes, options.maxEntryBytes ?? Math.floor(this.maxBytes / 8))
    this.ttlMs = Math.max(0, options.ttlMs ?? DEFAULT_TTL_MS)
    this.#now = options.now ?? Date.now
  }

  get(url: string | URL): CachedRoute | undefined {
    const key = routeKey(url)
    const entry = this.#entries.get(key)
    if (entry === undefined || this.#expired(entry)) {
      if (entry !== undefined) this.#remove(key)
      this.#misses += 1
      return undefined
    }
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    this.#hits += 1
    return { body: entry.body, headers: { ...entry.headers }, tags: entry.tags }
  }

  /** Stores a page; false when it is too large to keep. Replaces any page under the same key. */
  set(url: string | URL, route: CachedRoute): boolean {
    const key = routeKey(url)
    this.#remove(key)
    const tags = [...new Set(route.tags)]
    const stored: Entry = { body: route.body, headers: { ...route.headers }, tags, bytes: 0, storedAt: this.#now() }
    stored.bytes = sizeOf(key, stored)
    if (stored.bytes > this.maxEntryBytes) return false
    this.#entries.set(key, stored)
    this.#bytes += stored.bytes
    for (const tag of tags) {
      let keys = this.#byTag.get(tag)
      if (keys === undefined) this.#byTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value as string
      this.#remove(oldest)
      this.#evictions += 1
    }
    return true
  }

  delete(url: string | URL): boolean {
    return this.#remove(routeKey(url))
  }

  /** Drops every page carrying any of `tags`; answers how many pages were dropped. */
  purgeTags(tags: Iterable<string>): number {
    const keys = new Set<string>()
    for (const tag of tags) for (const key of this.#byTag.get(tag) ?? []) keys.add(key)
    let removed = 0
    for (const key of keys) if (this.#remove(key)) removed += 1
    this.#purged += removed
    return removed
  }

  /** The keys of the pages carrying `tag` (for diagnostics and tests). */
  keysFor(tag: string): string[] {
    return [...(this.#byTag.get(tag) ?? [])]
  }

  clear(): void {
    this.#entries.clear()
    this.#byTag.clear()
    this.#bytes = 0
  }

  stats(): RouteCacheStats {
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      purged: this.#purged,
    }
  }

  #expired(entry: Entry): boolean {
    return this.ttlMs > 0 && this.#now() - entry.storedAt >= this.ttlMs
  }

  #remove(key: string): boolean {
    const entry = this.#entries.get(key)
    if (entry === undefined) return false
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) this.#byTag.delete(tag)
    }
    return true
  }
}

const SINGLETON = Symbol.for('mspn.site.routeCache')

/**
 * The process's one cache, shared by every page and the invalidation endpoint even if the
 * bundler or the dev server loads this module more than once.
 */
export const routeCache: RouteCache =
  ((globalThis as Record<symbol, unknown>)[SINGLETON] as RouteCache | undefined) ??
  ((globalThis as Record<symbol, unknown>)[SINGLETON] = new RouteCache())
