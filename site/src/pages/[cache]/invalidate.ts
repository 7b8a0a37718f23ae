/**
 * `POST /_cache/invalidate`, the CMS's signed "this changed" call (logic: server/invalidate.ts).
 *
 * Why a `[cache]` parameter: Astro skips every file and folder under src/pages whose name
 * starts with `_`, so `pages/_cache/invalidate.ts` would never become a route. The parameter
 * matches `_cache` only; any other `/<x>/invalidate` is this site's 404.
 */
import type { APIRoute } from 'astro'

import { env } from '../../env.ts'
import { handleInvalidate } from '../../server/invalidate.ts'
import { redirectTable } from '../../server/redirects.ts'
import { routeCache } from '../../server/routeCache.ts'

export const prerender = false

export const ALL: APIRoute = (context) => {
  if (context.params.cache !== '_cache') return context.rewrite('/404')
  if (context.request.method !== 'POST') {
    return new Response(null, { status: 405, headers: { allow: 'POST', 'cache-control': 'no-store' } })
  }
  return handleInvalidate(context.request, {
    secret: env.REVALIDATE_SECRET,
    cache: routeCache,
    redirects: redirectTable,
    astroCache: context.cache,
  })
}
