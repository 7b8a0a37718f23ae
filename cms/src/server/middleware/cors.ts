/**
 * CORS for API responses that never reach Payload's own CORS handling (cache hits, our errors,
 * 429s), and the headers browsers may read on every API response (request ID, cache status,
 * rate-limit state). Origins come from CORS_ORIGINS, the same list Payload uses.
 */
import type { RequestHandler } from 'express'

export const EXPOSED_HEADERS = 'X-Request-Id, X-Cache, ETag, Retry-After, RateLimit, RateLimit-Policy'

export function apiCors(apiRoute: string, origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins)
  return (req, res, next) => {
    if (!req.path.startsWith(`${apiRoute}/`)) return next()
    res.append('Vary', 'Origin')
    const origin = req.headers.origin
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin)
      res.setHeader('Access-Control-Allow-Credentials', 'true')
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS)
    }
    next()
  }
}
