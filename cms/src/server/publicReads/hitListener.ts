/**
 * The process's request listener: answers response-cache hits at the node:http level and hands
 * everything else to Express. Express's own per-request work (prototype swaps, a dozen router
 * layers, the middlewares' closures and listeners) cost more than the hit itself; here a hit gets
 * what the Express chain before the cache gives it, done directly and in the same order:
 *
 *   requestId       the caller's sane X-Request-Id or a new one, in the header and the log line
 *   clientIdentity  Express's own req.ip (TRUST_PROXY), or the site's signed identity
 *   metrics         counted in flight and timed under its route template (metrics.track)
 *   deadline        armed while a rate-limit count waits on Redis (the only wait on this path)
 *   apiCors         Vary: Origin and, for an allowed origin, the CORS headers
 *   cache           the general API budget counted, then the precomputed hit (cache.serveHit)
 *
 * A request this path is unsure of goes to Express untouched: not a memory hit, HTTPS redirect due,
 * a multipart body, a site identity that fails to verify (Express logs why). A counted hit the
 * budget refuses, or whose count outlives the deadline, is handed over with that outcome in
 * res.locals (apiCount, deadlinePassed) so Express answers it exactly as before, counting nothing
 * twice. test/int/hitListener.int.test.ts compares its answers with Express's, byte for byte.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { Express, Request } from 'express'
import type { Logger } from 'pino'

import { SITE_IDENTITY_HEADER } from '@mspn/contract/site-identity'

import { identityOf, siteKeyOf } from '../limits/clientIdentity'
import type { ApiCount, RateLimiters } from '../limits/rateLimits'
import type { Metrics } from '../metrics'
import { corsHeaders } from '../middleware/cors'
import { REQUEST_ID_HEADER, requestIdFrom } from '../middleware/requestId'
import type { ResponseCache } from './cache'

export interface HitListenerOptions {
  app: Express
  cache: ResponseCache
  metrics: Metrics
  limits: Pick<RateLimiters, 'countApi' | 'admits' | 'countsWait'>
  corsOrigins: readonly string[]
  /** REVALIDATE_SECRET: the key site identities are checked with. */
  siteSecret?: string
  /** REQUEST_TIMEOUT_MS. */
  timeoutMs: number
  /** Plain-http requests are redirected (by Express) when set. */
  redirectToHttps: boolean
  logger: Pick<Logger, 'error'>
}

type HandedOver = { apiCount?: ApiCount; deadlinePassed?: true }

export function hitListener(options: HitListenerOptions): RequestListener {
  const { app, cache, metrics, limits, timeoutMs, logger } = options
  const siteKey = siteKeyOf(options.siteSecret)
  const corsFor = corsHeaders(options.corsOrigins)
  const express = app as unknown as RequestListener
  // Express's own getters for req.ip and req.protocol (they follow the app's 'trust proxy'
  // setting), read through a view of the bare request rather than swapping its prototype.
  const view = (req: IncomingMessage): Request => {
    const request = Object.create(app.request) as Request
    request.headers = req.headers
    request.socket = req.socket
    return request
  }

  const handOver = (req: IncomingMessage, res: ServerResponse, locals: HandedOver) => {
    ;(res as ServerResponse & { locals?: Record<string, unknown> }).locals = Object.assign(Object.create(null), locals)
    express(req, res)
  }

  return (req, res) => {
    const entry = cache.lookup(req)
    if (!entry || /^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return express(req, res)
    const request = view(req)
    if (options.redirectToHttps && request.protocol === 'http') return express(req, res)
    const { identity, rejected } = identityOf(
      siteKey,
      req.headers[SITE_IDENTITY_HEADER],
      request.ip ?? req.socket.remoteAddress ?? 'unknown',
    )
    if (rejected) return express(req, res)

    const started = process.hrtime.bigint()
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER] as string | undefined)
    // As the requestId middleware does; Express keeps it should the request be handed over.
    req.headers[REQUEST_ID_HEADER] = requestId
    const leading = ['X-Request-Id', requestId, 'Vary', 'Origin', ...corsFor(req.headers.origin)]
    const method = req.method ?? 'GET'
    metrics.cacheHits.inc()
    metrics.track(method, res, () => entry.route ?? '')
    let waiting = true
    // The deadline can only pass while a count waits on Redis; in memory it settles in a microtask.
    const timer = limits.countsWait
      ? setTimeout(() => {
          waiting = false
          handOver(req, res, { deadlinePassed: true })
        }, timeoutMs).unref()
      : undefined
    const answer = (count: ApiCount) => {
      clearTimeout(timer)
      if (!waiting || res.destroyed) return
      waiting = false
      if (!limits.admits(count)) return handOver(req, res, { apiCount: count })
      try {
        cache.serveHit(req, res, entry, requestId, leading, started)
      } catch (error) {
        // Not expected (the entry and headers are ours); named by request, and answered by Express if it still can be.
        logger.error({ err: error, requestId }, 'cache hit failed')
        if (res.headersSent) res.destroy()
        else handOver(req, res, { apiCount: count })
      }
    }
    limits.countApi(identity).then(answer, (error: unknown) => answer({ site: identity.viaSite, limit: 0, error }))
  }
}
