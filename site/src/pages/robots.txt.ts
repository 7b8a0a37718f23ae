/**
 * /robots.txt: everything may be crawled and the sitemap is named, unless the site settings'
 * default SEO says noindex, or APP_ENV=staging, in which case nothing may be.
 */
import type { APIRoute } from 'astro'

import { PUBLIC_PAGE } from '../layouts/cachePolicy.ts'
import { loadChrome } from '../layouts/loadChrome.ts'
import { env, siteOrigin } from '../env.ts'

export const GET: APIRoute = async ({ locals }) => {
  const chrome = await loadChrome(locals)
  const blocked = env.APP_ENV === 'staging' || chrome.defaultSeo?.noIndex === true
  const body = [
    'User-agent: *',
    blocked ? 'Disallow: /' : 'Allow: /',
    '',
    `Sitemap: ${new URL('/sitemap.xml', siteOrigin()).href}`,
    '',
  ].join('\n')
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': PUBLIC_PAGE } })
}
