/**
 * The URLs of the static export: the `staticPaths` export of each dynamic page asks here. The
 * static export hands it to Astro as `getStaticPaths` (static-export.config.mjs); the server build
 * renders routes on demand, so these never run there.
 */
import { COLLECTION_ROUTES } from '@mspn/contract'

import { pageThrough } from '../cms/queries/pageThrough.ts'
import { POSTS_PER_PAGE } from '../views/blogListing.ts'
import { HOME_SLUG } from './hrefs.ts'
import type { Chrome } from '../layouts/chrome.ts'
import type { SiteContent } from '../content/siteContent.ts'

/** Root-level names that belong to sections or files; a CMS page with one of these slugs is not written at the root. */
export const RESERVED_ROOT_SLUGS: ReadonlySet<string> = new Set([
  HOME_SLUG,
  // The routed collections' sections (`/blog`, `/services`, …).
  ...Object.values(COLLECTION_ROUTES)
    .filter((route) => route !== '')
    .map((route) => route.slice(1)),
  'api',
  'search',
  'search-index.json',
  '_cache',
  '404',
  '500',
  '503',
  'rss.xml',
  'sitemap.xml',
  'robots.txt',
])

type Paths<P extends Record<string, string>> = Array<{ params: P }>

export async function pagePaths(source: Pick<SiteContent, 'listPages'>): Promise<Paths<{ slug: string }>> {
  const pages = await source.listPages()
  return pages.filter((page) => !RESERVED_ROOT_SLUGS.has(page.slug)).map((page) => ({ params: { slug: page.slug } }))
}

/** `/<section>/<slug>` for every document of a section that is switched on. */
export async function documentPaths(
  list: () => Promise<Array<{ slug: string }>>,
  enabled = true,
): Promise<Paths<{ slug: string }>> {
  if (!enabled) return []
  return (await list()).map((doc) => ({ params: { slug: doc.slug } }))
}

/** `/blog/page/2…n`, or `/blog/category/<c>/page/2…n` when `category` is given. */
export async function blogPagePaths(
  source: Pick<SiteContent, 'listPosts'>,
  chrome: Chrome,
  category?: string,
): Promise<Paths<{ page: string }>> {
  if (!chrome.features.blog) return []
  const first = await source.listPosts({
    page: 1,
    perPage: POSTS_PER_PAGE,
    ...(category !== undefined ? { category } : {}),
  })
  const total = first?.totalPages ?? 0
  return Array.from({ length: Math.max(0, total - 1) }, (_, index) => ({ params: { page: String(index + 2) } }))
}

/** `/blog/category/<c>` for every category. */
export async function categoryPaths(
  source: Pick<SiteContent, 'listCategories'>,
  chrome: Chrome,
): Promise<Paths<{ category: string }>> {
  if (!chrome.features.blog) return []
  return (await source.listCategories()).map((category) => ({ params: { category: category.slug } }))
}

/** `/blog/category/<c>/page/2…n` for every category with more than one page. */
export async function categoryPagePaths(
  source: Pick<SiteContent, 'listCategories' | 'listPosts'>,
  chrome: Chrome,
): Promise<Paths<{ category: string; page: string }>> {
  const paths: Paths<{ category: string; page: string }> = []
  for (const { params } of await categoryPaths(source, chrome)) {
    for (const page of await blogPagePaths(source, chrome, params.category))
      paths.push({ params: { category: params.category, page: page.params.page } })
  }
  return paths
}

/** Every post, paged through 100 at a time. */
export async function allPostSlugs(source: Pick<SiteContent, 'listPosts'>): Promise<Array<{ slug: string }>> {
  const posts = await pageThrough((page) => source.listPosts({ page, perPage: 100 }), 'posts')
  return posts.map((post) => ({ slug: post.slug }))
}
