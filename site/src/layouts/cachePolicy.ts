import { BLOCK_EMBEDS, PUBLIC_GLOBALS } from '@mspn/contract'

import { collectionTag, globalTag } from '../server/cacheTags.ts'
import { tagRoute } from '../server/routeCacheMiddleware.ts'

/**
 * Cache-Control values. Pages are rendered per request from CMS content, so browsers always
 * revalidate (max-age=0) while a shared cache or CDN may keep a page briefly and serve it
 * stale while it refetches; the CMS's purge hook keeps the site's own cache exact.
 */

/** Pages, feeds and sitemaps with public content. */
export const PUBLIC_PAGE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300'

/** A missing page: cached briefly, so a newly published document shows up soon. */
export const NOT_FOUND = 'public, max-age=0, s-maxage=30'

/** Error pages: never cached, so a recovered CMS is seen at once. */
export const NO_STORE = 'no-store'

/** Redirects between equivalent URLs (/home → /, /blog/page/1 → /blog). */
export const REDIRECT = 'public, max-age=3600'

/** Every page shows the site chrome (settings, navigation, footer). */
const CHROME_TAGS = PUBLIC_GLOBALS.map(globalTag)

/** Collections a page built from blocks may show (grids, testimonials, demos, images): the registry's block embeds. */
export const BLOCK_TAGS = BLOCK_EMBEDS.map(collectionTag)

/** Blog listings show posts with their categories and cover images. */
export const BLOG_LIST_TAGS = ['posts', 'categories', 'media'].map(collectionTag)

/**
 * Marks a rendered page as public and, when it was rendered with the real chrome (not the
 * CMS-down fallback), stores it in the route cache under the chrome's tags and `tags`: the
 * documents and lists it shows. A CMS change purges exactly the pages tagged with it.
 */
export function publicPage(headers: Headers, chrome: { available: boolean }, tags: readonly string[]): void {
  headers.set('Cache-Control', PUBLIC_PAGE)
  if (chrome.available) tagRoute(headers, [...CHROME_TAGS, ...tags])
}
