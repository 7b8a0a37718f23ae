/**
 * Behind a TLS-terminating proxy (TRUST_PROXY set, PUBLIC_URL https, production or staging), a request
 * that reached the proxy over plain http is sent to the same path on PUBLIC_URL with a 308
 * (method and body kept). The target is built from PUBLIC_URL, never from the Host header,
 * so the redirect cannot be pointed at another site. Health and metrics stay reachable over
 * http: load balancers and scrapers probe the process directly.
 */
import type { RequestHandler } from 'express'

const PROBES = new Set(['/health', '/ready', '/metrics'])

export function httpsRedirect(publicUrl: string): RequestHandler {
  const origin = new URL(publicUrl).origin
  return (req, res, next) => {
    if (req.protocol !== 'http' || PROBES.has(req.path)) return next()
    res.setHeader('Cache-Control', 'no-store')
    res.redirect(308, `${origin}${req.originalUrl.startsWith('/') ? req.originalUrl : '/'}`)
  }
}
