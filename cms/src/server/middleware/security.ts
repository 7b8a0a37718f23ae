/**
 * Security headers. The admin panel (Next.js) needs inline scripts and styles, so it gets its own
 * CSP; API responses are data and get the strictest one. HSTS only where TLS is promised.
 */
import type { RequestHandler } from 'express'
import helmet from 'helmet'

export interface SecurityOptions {
  production: boolean
  /**
   * Origins the admin may frame (the site, for live preview). Nothing but the admin itself may
   * frame the admin: live preview puts the site inside the admin, never the reverse.
   */
  frameSources: string[]
}

export function securityHeaders({ production, frameSources }: SecurityOptions): RequestHandler {
  const shared = {
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    xFrameOptions: false as const,
  }
  const admin = helmet({
    ...shared,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'unsafe-inline'", ...(production ? [] : ["'unsafe-eval'"])],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", ...(production ? [] : ['ws:', 'wss:'])],
        'frame-src': ["'self'", ...frameSources],
        'frame-ancestors': ["'self'"],
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
      },
    },
  })
  const api = helmet({
    ...shared,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
  })
  return (req, res, next) =>
    (req.path.startsWith('/admin') || req.path.startsWith('/_next') ? admin : api)(req, res, next)
}

/**
 * The headers a middleware sets on an API response, captured once so a fast path (cache hits)
 * can send exactly the same ones without running the middleware per request.
 */
export function snapshotHeaders(middleware: RequestHandler, path = '/api/v1/'): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name] = String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name]
    },
    getHeader: (name: string) => headers[name],
  }
  const req = { path, method: 'GET', url: path, headers: {}, secure: false }
  middleware(req as never, res as never, () => undefined)
  return headers
}
