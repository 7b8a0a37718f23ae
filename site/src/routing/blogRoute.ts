/**
 * What the four blog listing routes share (/blog, /blog/page/n, /blog/category/c and
 * /blog/category/c/page/n): which listing a URL asks for, or where it should go instead.
 * `?category=` is the older form of the category path: the server redirects it.
 */
import { blogPageHref, parseCategoryParam, parsePageParam } from './pagination.ts'

export type BlogRoute =
  | { kind: 'listing'; page: number; category: string | null }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }

export interface BlogRouteInput {
  /** The `[page]` parameter; undefined on page-1 routes. */
  page?: string | undefined
  /** The `[category]` parameter; undefined on routes without one. */
  category?: string | undefined
  /** The `?category=` query value, if any. */
  queryCategory?: string | null
}

export function blogRoute({
  page: pageParam,
  category: categoryParam,
  queryCategory = null,
}: BlogRouteInput): BlogRoute {
  const page = pageParam === undefined ? 1 : parsePageParam(pageParam)
  if (page === null) return { kind: 'not-found' }
  if (categoryParam === undefined && queryCategory !== null && queryCategory !== '') {
    const legacy = parseCategoryParam(queryCategory)
    return legacy ? { kind: 'redirect', location: blogPageHref(page, legacy) } : { kind: 'not-found' }
  }
  let category: string | null = null
  if (categoryParam !== undefined) {
    const parsed = parseCategoryParam(categoryParam)
    if (!parsed) return { kind: 'not-found' }
    category = parsed
  }
  if (pageParam !== undefined && page === 1) return { kind: 'redirect', location: blogPageHref(1, category) }
  return { kind: 'listing', page, category }
}
