/**
 * Redirects from the CMS (server/redirects.ts) are answered first, before the route cache or any
 * page: a moved or gone path never renders. Pages are served from and stored in the route cache (server/routeCacheMiddleware.ts); inside
 * that, every rendered response gets the security headers (server/securityHeaders.ts). The cache
 * stores pages with those headers, so its hits carry them too, including the hits site/server.mjs
 * answers before Astro runs. Innermost, what the cache did not answer counts against the
 * visitor's render budget (server/renderLimit.ts): its 429 page gets the security headers too.
 */
import { sequence } from 'astro:middleware'

import { cmsPublicUrl, env } from './env.ts'
import { redirectsMiddleware, redirectTable } from './server/redirects.ts'
import { RenderLimiter, renderLimitMiddleware } from './server/renderLimit.ts'
import { routeCacheMiddleware } from './server/routeCacheMiddleware.ts'
import { securityHeaders } from './server/securityHeaders.ts'
import { socketAddressOf, visitorAddress } from './server/visitorAddress.ts'

export const onRequest = sequence(
  redirectsMiddleware(redirectTable),
  routeCacheMiddleware(),
  securityHeaders({
    production: env.APP_ENV === 'production',
    noIndex: env.APP_ENV === 'staging',
    cmsOrigin: new URL(cmsPublicUrl()).origin,
  }),
  renderLimitMiddleware({
    limiter: new RenderLimiter({ limit: env.SITE_RENDER_LIMIT_PER_MINUTE }),
    addressOf: (context) =>
      visitorAddress(socketAddressOf(context), context.request.headers.get('x-forwarded-for'), env.SITE_TRUST_PROXY),
    // The CMS's purge calls are signed and must never be refused for volume.
    exempt: (url) => url.pathname === '/_cache/invalidate',
  }),
)
