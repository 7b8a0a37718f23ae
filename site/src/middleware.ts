/**
 * Pages are served from and stored in the route cache (server/routeCacheMiddleware.ts); inside
 * that, every rendered response gets the security headers (server/securityHeaders.ts). The cache
 * stores pages with those headers, so its hits carry them too, including the hits site/server.mjs
 * answers before Astro runs.
 */
import { sequence } from 'astro:middleware';

import { cmsPublicUrl, env } from './env.ts';
import { routeCacheMiddleware } from './server/routeCacheMiddleware.ts';
import { securityHeaders } from './server/securityHeaders.ts';

export const onRequest = sequence(
  routeCacheMiddleware(),
  securityHeaders({ production: env.APP_ENV === 'production', cmsOrigin: new URL(cmsPublicUrl()).origin }),
);
