/** sitemaps.org XML for a list of absolute URLs (duplicates dropped, order kept). */
import { COLLECTION_ROUTES, isRoutedCollection } from '@mspn/contract'

import { SITE_COLLECTIONS, type AnySiteCollection, type Cms, type PostListItem } from '../cms/index.ts'
import { pageThrough } from '../cms/queries/pageThrough.ts'
import type { Chrome } from '../layouts/chrome.ts'
import { isHrefEnabled } from '../routing/features.ts'
import { documentPath } from '../routing/hrefs.ts'
import { blogPageHref } from '../routing/pagination.ts'
import { escapeXml } from './xml.ts'

export interface SitemapEntry {
  loc: string
  lastmod?: string | null
}

export function buildSitemap(entries: SitemapEntry[]): string {
  const seen = new Set<string>()
  const urls: string[] = []
  for (const entry of entries) {
    if (seen.has(entry.loc)) continue
    seen.add(entry.loc)
    const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : ''
    urls.push(`<url><loc>${escapeXml(entry.loc)}</loc>${lastmod}</url>`)
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n')
}

/** What the sitemap asks the CMS for. */
export type SitemapSource = Pick<Cms, 'list' | 'listPages' | 'listPosts' | 'listCategories'>

/**
 * Routed collections whose documents are listed whole, in registry order: every routed collection
 * the site reads but pages (noindex rules, no section index) and posts (paged, with categories).
 * A new routed collection appears here, section index and documents, without an edit.
 */
const SECTIONS = (Object.values(SITE_COLLECTIONS) as AnySiteCollection[]).flatMap((collection) =>
  isRoutedCollection(collection.slug) && collection.slug !== 'pages' && collection.slug !== 'posts'
    ? [{ collection, route: COLLECTION_ROUTES[collection.slug] }]
    : [],
)

/**
 * Every public URL: the front page, section indexes that are switched on, every published CMS
 * page (but those marked noindex), every document of each switched-on section and the blog's
 * categories. Switched-off sections are not even asked for.
 */
export async function collectSitemap(source: SitemapSource, chrome: Chrome, origin: string): Promise<SitemapEntry[]> {
  const { features } = chrome
  const enabled = (path: string) => isHrefEnabled(path, features)
  const blog = enabled(COLLECTION_ROUTES.posts)
  const sections = SECTIONS.filter(({ route }) => enabled(route))
  const [pages, posts, categories, ...sectionDocs] = await Promise.all([
    source.listPages(),
    blog ? allPosts(source) : [],
    blog ? source.listCategories() : [],
    ...sections.map(async ({ collection }) => (await source.list(collection))?.docs ?? []),
  ])
  const cmsPages = pages
    .filter((page) => page.seo?.noIndex !== true)
    .map((page) => documentPath('pages', page.slug))
    .filter((path): path is string => path !== null && enabled(path))
  const paths = [
    '/',
    // Section indexes: the routed collections' prefixes (the registry), in registry order.
    ...(blog ? [COLLECTION_ROUTES.posts] : []),
    ...sections.map(({ route }) => route),
    ...cmsPages,
    ...categories.map((category) => blogPageHref(1, category.slug)),
    ...posts.map((post) => documentPath('posts', post.slug)),
    ...sections.flatMap(({ collection }, index) =>
      (sectionDocs[index] ?? []).map((doc) => documentPath(collection.slug, (doc as { slug: string }).slug)),
    ),
  ]
  return paths.filter((path): path is string => path !== null).map((path) => ({ loc: new URL(path, origin).href }))
}

async function allPosts(source: Pick<Cms, 'listPosts'>): Promise<PostListItem[]> {
  return pageThrough((page) => source.listPosts({ page, perPage: 100 }), 'posts for the sitemap')
}
