/**
 * Security headers on every response the site sends (pages, endpoints, cache hits):
 *
 * - `Content-Security-Policy: frame-ancestors …`: pages may not be framed, except draft
 *   previews, which the CMS admin panel frames for live preview. Sent as its own policy next to
 *   the one Astro writes for each page (script and style hashes, see astro.config.mjs); a
 *   browser enforces both. `X-Frame-Options: DENY` for older browsers, except on previews.
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy` (kept when a page set its own, as the
 *   preview does), `Permissions-Policy` switching off powerful features the site never uses.
 * - `Strict-Transport-Security` in production only (staging and local HTTP must stay reachable).
 * - `X-Robots-Tag: noindex, nofollow` on a staging site (APP_ENV=staging), so search engines never list
 *   it even when a link to it leaks; robots.txt disallows everything there too.
 */
import type { MiddlewareHandler } from 'astro'

import { isPreviewPath } from './previewPolicy.ts'

export interface SecurityHeaderOptions {
  /** HSTS on. */
  production: boolean
  /** A staging site: every response asks not to be indexed. */
  noIndex?: boolean
  /** Origin of the CMS admin panel, which may frame draft previews. */
  cmsOrigin: string
}

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()'
export const HSTS = 'max-age=31536000; includeSubDomains'
export const NO_INDEX = 'noindex, nofollow'

/** The headers for a response to `pathname`. */
export function securityHeadersFor(
  pathname: string,
  { production, cmsOrigin, noIndex = false }: SecurityHeaderOptions,
): Record<string, string> {
  const preview = isPreviewPath(pathname)
  const headers: Record<string, string> = {
    'Content-Security-Policy': `frame-ancestors ${preview ? cmsOrigin : "'none'"}; base-uri 'self'; object-src 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
  }
  if (!preview) headers['X-Frame-Options'] = 'DENY'
  if (production) headers['Strict-Transport-Security'] = HSTS
  if (noIndex) headers['X-Robots-Tag'] = NO_INDEX
  return headers
}

function apply(target: Headers, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'Content-Security-Policy') {
      // A rewrite (e.g. to /404) runs the middleware again on the same response: add it once.
      if (!(target.get(name) ?? '').includes('frame-ancestors')) target.append(name, value)
    } else if (name === 'Referrer-Policy' && target.has(name)) continue
    else target.set(name, value)
  }
}

export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler {
  return async (context, next) => {
    const response = await next()
    const headers = securityHeadersFor(context.url.pathname, options)
    try {
      apply(response.headers, headers)
      return response
    } catch {
      // Some responses (e.g. Response.redirect) have immutable headers: copy them.
      const copy = new Response(response.body, response)
      apply(copy.headers, headers)
      return copy
    }
  }
}
