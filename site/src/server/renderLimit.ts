/**
 * A per-visitor budget on page renders (route-cache misses). Without it one client asking for
 * many uncached URLs renders, and reads the CMS, as fast as it can send. Fixed one-minute
 * windows per address in this process's memory; the map is bounded (expired entries are swept,
 * then the oldest dropped), so a flood of addresses costs bounded memory and at worst forgets
 * some counts. Cache hits never reach it.
 */
import type { MiddlewareHandler } from 'astro'

import { ERRORS } from '@mspn/contract/errors'

export interface RenderLimitOptions {
  limit: number
  windowMs?: number
  /** Most addresses remembered at once. Default 10 000. */
  maxEntries?: number
  now?: () => number
}

export type RenderDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

interface Window {
  count: number
  resetAt: number
}

export class RenderLimiter {
  readonly limit: number
  readonly windowMs: number
  readonly maxEntries: number
  readonly #now: () => number
  /** Insertion order is the order windows started: the first is the oldest. */
  readonly #windows = new Map<string, Window>()

  constructor({ limit, windowMs = 60_000, maxEntries = 10_000, now = Date.now }: RenderLimitOptions) {
    this.limit = limit
    this.windowMs = windowMs
    this.maxEntries = Math.max(1, maxEntries)
    this.#now = now
  }

  /** Counts one render for `address` and says whether it may go ahead. */
  hit(address: string): RenderDecision {
    const now = this.#now()
    let window = this.#windows.get(address)
    if (window === undefined || window.resetAt <= now) {
      this.#windows.delete(address)
      if (this.#windows.size >= this.maxEntries) this.#makeRoom(now)
      window = { count: 0, resetAt: now + this.windowMs }
      this.#windows.set(address, window)
    }
    window.count += 1
    if (window.count <= this.limit) return { ok: true }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) }
  }

  get size(): number {
    return this.#windows.size
  }

  /** Windows are all as long and inserted when they start, so the expired ones are at the front. */
  #makeRoom(now: number): void {
    for (const [address, window] of this.#windows) {
      if (window.resetAt > now) break
      this.#windows.delete(address)
    }
    while (this.#windows.size >= this.maxEntries) this.#windows.delete(this.#windows.keys().next().value as string)
  }
}

const COUNTED = Symbol.for('mspn.site.renderCounted')

/** The answer to a visitor over budget: small, uncacheable, and made without the CMS. */
export function tooManyRenders(retryAfterSeconds: number): Response {
  const wait = retryAfterSeconds <= 1 ? 'a second' : `${retryAfterSeconds} seconds`
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex"><title>Too many requests</title>' +
    '<style>body{margin:0;font:1.0625rem/1.6 system-ui,sans-serif;color:#1a1d24;background:#f7f7f9}' +
    'main{max-width:34rem;margin:18vh auto 0;padding:0 1.5rem}h1{font-size:1.75rem;margin:0 0 .5rem}a{color:#3346d3}</style></head>' +
    '<body><main><h1>Too many requests</h1>' +
    `<p>You have asked for a lot of pages in a short time. Please wait ${wait}, then try again.</p>` +
    '<p><a href="/">Back to the home page</a></p></main></body></html>'
  return new Response(body, {
    status: ERRORS.RATE_LIMITED.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'retry-after': String(retryAfterSeconds),
    },
  })
}

export interface RenderLimitMiddlewareOptions {
  limiter: RenderLimiter
  /** The visitor's address (server/visitorAddress.ts); undefined is not limited (nothing to key on). */
  addressOf: (context: Parameters<MiddlewareHandler>[0]) => string | undefined
  /** Requests that are never counted (the CMS's signed purge calls). */
  exempt?: (url: URL) => boolean
}

/**
 * Mounted inside the route cache (src/middleware.ts), so only what the cache did not answer is
 * counted: renders, endpoints, 404s. A rewrite (e.g. to /404) runs the chain again with the
 * same locals, and is counted once.
 */
export function renderLimitMiddleware({
  limiter,
  addressOf,
  exempt = () => false,
}: RenderLimitMiddlewareOptions): MiddlewareHandler {
  return (context, next) => {
    const locals = context.locals as Record<symbol, unknown>
    if (context.isPrerendered || locals[COUNTED] === true || exempt(context.url)) return next()
    locals[COUNTED] = true
    const address = addressOf(context)
    if (address === undefined) return next()
    const decision = limiter.hit(address)
    return decision.ok ? next() : tooManyRenders(decision.retryAfterSeconds)
  }
}
