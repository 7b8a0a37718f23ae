/**
 * Every response gets the security headers (server/securityHeaders.ts), cache hits included;
 * inside that, pages are served from and stored in the route cache (server/routeCacheMiddleware.ts).
 */
import { sequence } from 'astro:middleware';

import { cmsPublicUrl, env } from './env.ts';
import { routeCacheMiddleware } from './server/routeCacheMiddleware.ts';
import { securityHeaders } from './server/securityHeaders.ts';

export const onRequest = sequence(
  securityHeaders({ production: env.APP_ENV === 'production', cmsOrigin: new URL(cmsPublicUrl()).origin }),
  routeCacheMiddleware(),
);
