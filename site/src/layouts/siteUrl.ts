/**
 * Absolute URLs of the site's own pages, always on SITE_URL. The request's Host header is the
 * visitor's to choose, so canonical and Open Graph URLs, the sitemap, the feed and robots.txt
 * never take their origin from it: a spoofed Host cannot put another domain into them.
 */
import { siteOrigin } from '../env.ts'

/** `/blog/x?page=2` (or a URL whose path and query are kept) on SITE_URL. */
export function siteUrlFor(path: string | URL, origin: string = siteOrigin()): URL {
  const url = new URL(origin)
  if (typeof path === 'string') {
    const query = path.indexOf('?')
    url.pathname = query === -1 ? path : path.slice(0, query)
    url.search = query === -1 ? '' : path.slice(query)
  } else {
    url.pathname = path.pathname
    url.search = path.search
  }
  // Setting the path never changes the host, whatever it looks like (`//other.host/x`).
  return url
}
