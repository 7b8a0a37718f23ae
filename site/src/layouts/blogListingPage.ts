/**
 * What every blog listing route (the blog, its pages, a category and its pages) does before it
 * renders: the blog must be switched on, the URL must name a real listing (or redirect to its
 * canonical form), the listing is loaded (a CMS failure becomes the 503 page) and the response is
 * tagged for the route cache. A page either returns the Response this gives, or renders the listing.
 */
import { loadBlogListing, type BlogListing } from '../views/blogListing.ts'
import { blogRoute, type BlogRouteInput } from '../routing/blogRoute.ts'
import { content } from '../content/index.ts'
import { BLOG_LIST_TAGS, REDIRECT, publicPage } from './cachePolicy.ts'
import type { Chrome } from './chrome.ts'
import { loadChrome } from './loadChrome.ts'
import { unavailable, type RewriteContext } from './unavailable.ts'

export interface BlogListingContext extends RewriteContext {
  response: { headers: Headers }
}

export async function blogListingPage(
  astro: BlogListingContext,
  input: BlogRouteInput,
): Promise<Response | { chrome: Chrome; listing: BlogListing }> {
  const chrome = await loadChrome(astro.locals)
  if (!chrome.features.blog) return astro.rewrite('/404')
  const route = blogRoute(input)
  if (route.kind === 'not-found') return astro.rewrite('/404')
  if (route.kind === 'redirect') {
    return new Response(null, { status: 301, headers: { Location: route.location, 'Cache-Control': REDIRECT } })
  }
  let listing
  try {
    listing = await loadBlogListing(content, route.page, route.category)
  } catch (error) {
    return unavailable(astro, error)
  }
  if (!listing) return astro.rewrite('/404')
  publicPage(astro.response.headers, chrome, BLOG_LIST_TAGS)
  return { chrome, listing }
}
