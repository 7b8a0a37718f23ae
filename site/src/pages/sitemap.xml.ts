/** /sitemap.xml: every public URL, absolute, on SITE_URL (never the request's Host header). */
import type { APIRoute } from 'astro'

import { CmsError } from '../cms/index.ts'
import { content } from '../content/index.ts'
import { collectSitemap, buildSitemap } from '../feeds/sitemap.ts'
import { NO_STORE, PUBLIC_PAGE } from '../layouts/cachePolicy.ts'
import { loadChrome } from '../layouts/loadChrome.ts'
import { siteOrigin } from '../env.ts'

export const GET: APIRoute = async ({ locals }) => {
  const chrome = await loadChrome(locals)
  try {
    const entries = await collectSitemap(content, chrome, siteOrigin())
    return new Response(buildSitemap(entries), {
      headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': PUBLIC_PAGE },
    })
  } catch (error) {
    if (!(error instanceof CmsError)) throw error
    return new Response('Sitemap temporarily unavailable.\n', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_STORE, 'Retry-After': '30' },
    })
  }
}
