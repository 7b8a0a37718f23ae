/** sitemaps.org XML for a list of absolute URLs (duplicates dropped, order kept). */
import { COLLECTION_ROUTES } from '@mspn/contract';

import type { Cms, PostListItem } from '../cms/index.ts';
import type { Chrome } from '../layouts/chrome.ts';
import { isHrefEnabled } from '../routing/features.ts';
import { documentPath } from '../routing/hrefs.ts';
import { blogPageHref } from '../routing/pagination.ts';
import { escapeXml } from './xml.ts';

export interface SitemapEntry {
  loc: string;
  lastmod?: string | null;
}

export function buildSitemap(entries: SitemapEntry[]): string {
  const seen = new Set<string>();
  const urls: string[] = [];
  for (const entry of entries) {
    if (seen.has(entry.loc)) continue;
    seen.add(entry.loc);
    const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : '';
    urls.push(`<url><loc>${escapeXml(entry.loc)}</loc>${lastmod}</url>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** What the sitemap asks the CMS for. */
export type SitemapSource = Pick<Cms, 'listPages' | 'listServices' | 'listProjects' | 'listPosts' | 'listDemos' | 'listCategories'>;

const MAX_POST_PAGES = 50;

/**
 * Every public URL: the front page, section indexes that are switched on, every published CMS
 * page (but those marked noindex), each service, project, post, demo and blog category.
 */
export async function collectSitemap(source: SitemapSource, chrome: Chrome, origin: string): Promise<SitemapEntry[]> {
  const { features } = chrome;
  const [pages, services, projects, posts, demos, categories] = await Promise.all([
    source.listPages(),
    source.listServices(),
    features.portfolio ? source.listProjects() : [],
    features.blog ? allPosts(source) : [],
    features.demos ? source.listDemos() : [],
    features.blog ? source.listCategories() : [],
  ]);
  const cmsPages = pages
    .filter((page) => page.seo?.noIndex !== true)
    .map((page) => documentPath('pages', page.slug))
    .filter((path): path is string => path !== null && isHrefEnabled(path, features));
  const paths = [
    '/',
    // Section indexes: the routed collections' prefixes (the registry), in the order visitors meet them.
    ...[COLLECTION_ROUTES.services, COLLECTION_ROUTES.projects, COLLECTION_ROUTES.posts, COLLECTION_ROUTES.demos].filter((path) => isHrefEnabled(path, features)),
    ...cmsPages,
    ...categories.map((category) => blogPageHref(1, category.slug)),
    ...services.map((service) => documentPath('services', service.slug)),
    ...projects.map((project) => documentPath('projects', project.slug)),
    ...posts.map((post) => documentPath('posts', post.slug)),
    ...demos.map((demo) => documentPath('demos', demo.slug)),
  ];
  return paths.filter((path): path is string => path !== null).map((path) => ({ loc: new URL(path, origin).href }));
}

async function allPosts(source: Pick<Cms, 'listPosts'>): Promise<PostListItem[]> {
  const posts: PostListItem[] = [];
  for (let page = 1; page <= MAX_POST_PAGES; page++) {
    const result = await source.listPosts({ page, perPage: 100 });
    if (!result) break;
    posts.push(...result.docs);
    if (!result.hasNextPage) break;
  }
  return posts;
}
