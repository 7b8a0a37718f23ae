/**
 * Cross-site request forgery guard for the API. A browser attaches the session cookie to requests
 * any site makes; Payload's own `csrf` list merely ignores that cookie when the Origin is unknown,
 * so a forged write runs as an anonymous request (a 403 for staff-only collections, but a 400 for
 * logout and a 200 with errors for GraphQL). Here such a request is refused outright, before
 * Payload sees it: an API write (anything but GET, HEAD, OPTIONS) that carries the session cookie
 * and comes from an origin outside the allowed list answers 403 `CSRF_REFUSED`. Requests without
 * the cookie (API keys, Authorization headers, server-to-server calls) are not affected.
 */
import type { RequestHandler } from 'express'
import type { Logger } from 'pino'

import { ERRORS } from '@mspn/contract/errors'

import { refuse } from '../errors'

export interface CsrfOptions {
  apiRoute: string
  /** Origins whose pages may use the session cookie to change data (CORS_ORIGINS and the CMS itself). */
  allowedOrigins: readonly string[]
  /** Name of Payload's session cookie (`<cookiePrefix>-token`). */
  cookieName: string
  logger: Logger
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function hasCookie(header: string | undefined, name: string): boolean {
  if (!header) return false
  return header.split(';').some((part) => {
    const [key, ...value] = part.trim().split('=')
    return key === name && value.join('=').length > 0
  })
}

/**
 * Where a request comes from, as the browser tells it: its Origin header, or when a browser omits
 * Origin, `Sec-Fetch-Site`. Non-browser clients send neither and cannot be forged by a page.
 */
function isCrossSite(origin: string | undefined, fetchSite: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin !== undefined) return !allowed.has(origin)
  return fetchSite === 'cross-site'
}

export function csrfGuard({ apiRoute, allowedOrigins, cookieName, logger }: CsrfOptions): RequestHandler {
  const allowed = new Set(allowedOrigins)
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    if (req.path !== apiRoute && !req.path.startsWith(`${apiRoute}/`)) return next()
    if (!hasCookie(req.headers.cookie, cookieName)) return next()
    const fetchSite = req.headers['sec-fetch-site']
    if (!isCrossSite(req.headers.origin, typeof fetchSite === 'string' ? fetchSite : undefined, allowed)) return next()
    logger.warn(
      { requestId: res.locals.requestId, origin: req.headers.origin, fetchSite, method: req.method, path: req.path },
      'cross-site write with session cookie refused',
    )
    refuse(res, ERRORS.CSRF_REFUSED)
  }
}
