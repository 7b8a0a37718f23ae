/** Serves and stores tagged pages through the route cache (see server/routeCacheMiddleware.ts). */
import { routeCacheMiddleware } from './server/routeCacheMiddleware.ts';

export const onRequest = routeCacheMiddleware();
