/**
 * Cache-Control values. Pages are rendered per request from CMS content, so browsers always
 * revalidate (max-age=0) while a shared cache or CDN may keep a page briefly and serve it
 * stale while it refetches; the CMS's purge hook keeps the site's own cache exact.
 */

/** Pages, feeds and sitemaps with public content. */
export const PUBLIC_PAGE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';

/** A missing page: cached briefly, so a newly published document shows up soon. */
export const NOT_FOUND = 'public, max-age=0, s-maxage=30';

/** Error pages: never cached, so a recovered CMS is seen at once. */
export const NO_STORE = 'no-store';

/** Redirects between equivalent URLs (/home → /, /blog/page/1 → /blog). */
export const REDIRECT = 'public, max-age=3600';
