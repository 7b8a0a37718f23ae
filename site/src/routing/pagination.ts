/**
 * Blog pagination: page 1 lives at /blog, page n at /blog/page/n; one category's posts at
 * /blog/category/slug and /blog/category/slug/page/n. Paths rather than `?category=`, so the
 * static export can write each as a file (the server redirects the old query form).
 */
import { COLLECTION_ROUTES } from '@mspn/contract'

export function blogPageHref(page: number, category?: string | null): string {
  const blog = COLLECTION_ROUTES.posts
  const base = category ? `${blog}/category/${encodeURIComponent(category)}` : blog
  return page <= 1 ? base : `${base}/page/${page}`
}

export type PageLink = { kind: 'page'; page: number; current: boolean } | { kind: 'gap'; key: string }

/**
 * Page numbers to show: the first, the last, and `radius` pages either side of the current
 * one, with a gap marker where numbers are skipped.
 */
export function pageLinks(current: number, total: number, radius = 1): PageLink[] {
  if (!Number.isInteger(total) || total < 1) return []
  const shown = new Set<number>([1, total])
  for (let page = current - radius; page <= current + radius; page++) {
    if (page >= 1 && page <= total) shown.add(page)
  }
  const pages = [...shown].sort((a, b) => a - b)
  const links: PageLink[] = []
  let previous = 0
  for (const page of pages) {
    if (page - previous === 2) links.push({ kind: 'page', page: page - 1, current: page - 1 === current })
    else if (page - previous > 2) links.push({ kind: 'gap', key: `gap-${previous}` })
    links.push({ kind: 'page', page, current: page === current })
    previous = page
  }
  return links
}

/**
 * The page number in a /blog/page/[page] URL: a plain positive integer without leading
 * zeros, else null (the route answers 404). `1` is valid; the route redirects it to /blog.
 */
export function parsePageParam(value: string | undefined): number | null {
  if (value === undefined || !/^[1-9]\d{0,5}$/.test(value)) return null
  return Number(value)
}

/**
 * The `?category=` filter: undefined when absent (no filter), null when malformed (the route
 * answers 404), else the slug to ask the CMS for.
 */
export function parseCategoryParam(value: string | null): string | null | undefined {
  if (value === null || value === '') return undefined
  return /^[a-z0-9][a-z0-9._~-]{0,199}$/i.test(value) ? value : null
}
