/**
 * The site's redirect table: the CMS's `redirects` collection, held in memory and answered before
 * any page renders: by the production entry's fast path (site/server.mjs, through the route cache
 * lookup) and by the first middleware. 301/302 answer with `Location`; 410 renders the Gone page.
 *
 * The table is loaded from the CMS's public API on first use, kept for `ttlMs`, and marked stale
 * by the CMS's signed purge (`POST /_cache/invalidate` naming `redirects`); the next request then
 * waits for a fresh copy (one load shared by every request), while the fast path hands requests
 * to Astro until the table is fresh again. When the CMS cannot be reached the last table is kept
 * and the load is tried again after `retryMs`; pages are never held back by it.
 *
 * Paths are matched with the contract's normalisation (`normalizeRedirectPath`), the one the CMS
 * stored them with. The visitor's query string is carried over when the target has none.
 */
import { isReservedPath, normalizeRedirectPath, REDIRECT_TYPES, type RedirectRule } from '@mspn/contract'
import type { MiddlewareHandler } from 'astro'
import { z } from 'zod'

import type { CmsClient } from '../cms/client.ts'
import { pageThrough } from '../cms/queries/pageThrough.ts'
import { paginated } from '../cms/schemas/paginated.ts'

/** The Gone page's route (src/pages/410.astro). */
export const GONE_PATH = '/410'

/** Browsers may keep a permanent redirect for an hour (the CMS may still change it); temporary ones never. */
const CACHE_CONTROL = { '301': 'public, max-age=3600', '302': 'no-store' } as const

export type RedirectAnswer = { status: 301 | 302; location: string } | { status: 410 }

const ruleSchema = z.object({
  from: z.string().min(1),
  type: z.enum(REDIRECT_TYPES),
  destination: z.string().nullish(),
})
const pageSchema = paginated(ruleSchema)

/** Rows per request when loading the table. */
const PAGE_SIZE = 500

/** Reads every redirect through the site's CMS client (public, cached by the CMS). */
export function cmsRedirectSource(client: CmsClient): () => Promise<RedirectRule[]> {
  return async () => {
    return pageThrough<RedirectRule>(
      (page) =>
        client.get('/redirects', pageSchema, {
          query: {
            limit: PAGE_SIZE,
            page,
            depth: 0,
            sort: 'from',
            select: { from: true, type: true, destination: true },
          },
        }),
      'redirects',
    )
  }
}

export interface RedirectTableOptions {
  load: () => Promise<RedirectRule[]>
  /** How long a loaded table is used without a purge. Default 5 minutes. */
  ttlMs?: number
  /** After a failed load, how long the last table is used before trying again. Default 10 s. */
  retryMs?: number
  now?: () => number
  logWarn?: (fields: Record<string, unknown>, message: string) => void
}

export class RedirectTable {
  readonly #load: () => Promise<RedirectRule[]>
  readonly #ttlMs: number
  readonly #retryMs: number
  readonly #now: () => number
  readonly #warn: (fields: Record<string, unknown>, message: string) => void
  #rules = new Map<string, RedirectRule>()
  /** Until when the table is used as it is; 0: never loaded, or purged. */
  #freshUntil = 0
  #loading: Promise<void> | undefined
  /** Bumped by every purge, so a load that started before one does not count as fresh. */
  #generation = 0

  constructor(options: RedirectTableOptions) {
    this.#load = options.load
    this.#ttlMs = options.ttlMs ?? 5 * 60_000
    this.#retryMs = options.retryMs ?? 10_000
    this.#now = options.now ?? Date.now
    this.#warn = options.logWarn ?? logToStderr
  }

  /** True while the table may be answered from without loading (the fast path's question). */
  isFresh(): boolean {
    return this.#freshUntil > this.#now()
  }

  /** The CMS said redirects changed: the next request loads them again. */
  invalidate(): void {
    this.#freshUntil = 0
    this.#generation += 1
  }

  /** Makes the table fresh (one load shared by concurrent callers); never throws. */
  async refresh(): Promise<void> {
    if (this.isFresh()) return
    this.#loading ??= this.#reload().finally(() => (this.#loading = undefined))
    await this.#loading
    // A purge that arrived during that load asks for another.
    if (!this.isFresh() && this.#freshUntil === 0) {
      this.#loading ??= this.#reload().finally(() => (this.#loading = undefined))
      await this.#loading
    }
  }

  async #reload(): Promise<void> {
    const generation = this.#generation
    try {
      const rules = await this.#load()
      this.#rules = new Map(rules.map((rule) => [rule.from, rule]))
      if (generation === this.#generation) this.#freshUntil = this.#now() + this.#ttlMs
    } catch (error) {
      this.#warn(
        { error: error instanceof Error ? error.message : String(error) },
        'redirects could not be loaded from the CMS; keeping the last table',
      )
      if (generation === this.#generation) this.#freshUntil = this.#now() + this.#retryMs
    }
  }

  /** The answer for a request path (and its query, carried to a target without one), from the table as it is. */
  match(pathname: string, search = ''): RedirectAnswer | undefined {
    if (this.#rules.size === 0 || isReservedPath(pathname)) return undefined
    const path = normalizeRedirectPath(pathname)
    if (!path.ok) return undefined
    const rule = this.#rules.get(path.value)
    if (rule === undefined) return undefined
    if (rule.type === '410') return { status: 410 }
    if (!rule.destination) return undefined
    const location =
      search !== '' && !rule.destination.includes('?') ? `${rule.destination}${search}` : rule.destination
    return { status: rule.type === '302' ? 302 : 301, location }
  }

  get size(): number {
    return this.#rules.size
  }
}

/** Headers of a 301/302 answer. */
export function redirectHeaders(answer: { status: 301 | 302; location: string }): Record<string, string> {
  return { location: answer.location, 'cache-control': CACHE_CONTROL[answer.status] }
}

/**
 * First in the middleware chain: a redirected path never reaches the route cache or a page.
 * Pages written at build time (the static export) are left alone: see `redirectFiles`.
 */
export function redirectsMiddleware(table: RedirectTable): MiddlewareHandler {
  return async (context, next) => {
    const { request, url } = context
    if (context.isPrerendered || (request.method !== 'GET' && request.method !== 'HEAD')) return next()
    if (isReservedPath(url.pathname)) return next()
    await table.refresh()
    const answer = table.match(url.pathname, url.search)
    if (answer === undefined) return next()
    if (answer.status === 410) return next(GONE_PATH)
    return new Response(null, { status: answer.status, headers: redirectHeaders(answer) })
  }
}

const SINGLETON = Symbol.for('mspn.site.redirectTable')

/**
 * The process's one table, shared by the middleware, the fast path and the purge endpoint. It
 * reads through the site's CMS client, imported on first load (tests and the static build that
 * never load it do not configure one).
 */
export const redirectTable: RedirectTable =
  ((globalThis as Record<symbol, unknown>)[SINGLETON] as RedirectTable | undefined) ??
  ((globalThis as Record<symbol, unknown>)[SINGLETON] = new RedirectTable({
    load: async () => cmsRedirectSource((await import('../cms/index.ts')).cms.client)(),
  }))

function logToStderr(fields: Record<string, unknown>, message: string): void {
  console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message, ...fields }))
}
