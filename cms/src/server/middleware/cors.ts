/**
 * CORS for API responses that never reach Payload's own CORS handling (cache hits, our errors,
 * 429s), and the headers browsers may read on every API response (request ID, cache status,
 * rate-limit state). Origins come from CORS_ORIGINS, the same list Payload uses.
 */
import type { RequestHandler } from 'express'

export const EXPOSED_HEADERS = 'X-Request-Id, X-Cache, ETag, Retry-After, RateLimit, RateLimit-Policy'

/**
 * The CORS headers of an API response after `Vary: Origin`, as name/value pairs: none for an
 * origin not in the list. Shared by the middleware and the cache's hit listener.
 */
export function corsHeaders(origins: readonly string[]): (origin: string | undefined) => readonly string[] {
  const allowed = new Set(origins)
  const none: readonly string[] = []
  return (origin) =>
    origin && allowed.has(origin)
      ? [
          'Access-Control-Allow-Origin',
          origin,
          'Access-Control-Allow-Credentials',
          'true',
          'Access-Control-Expose-Headers',
          EXPOSED_HEADERS,
        ]
      : none
}

export function apiCors(apiRoute: string, origins: readonly string[]): RequestHandler {
  const headersFor = corsHeaders(origins)
  return (req, res, next) => {
    if (!req.path.startsWith(`${apiRoute}/`)) return next()
    res.append('Vary', 'Origin')
    const pairs = headersFor(req.headers.origin)
    for (let i = 0; i < pairs.length; i += 2) res.setHeader(pairs[i], pairs[i + 1])
    next()
  }
}
