/** sitemaps.org XML for a list of absolute URLs (duplicates dropped, order kept). */
import type { Cms, PostListItem } from '../cms/index.ts';
import type { Chrome } from '../layouts/chrome.ts';
import { isHrefEnabled } from './features.ts';
import { documentPath } from './hrefs.ts';
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
export type SitemapSource = Pick<Cms, 'listServices' | 'listProjects' | 'listPosts' | 'listDemos'>;

const MAX_POST_PAGES = 50;

/**
 * Every public URL: the front page, section indexes that are switched on, each service,
 * project, post and demo, and the CMS pages the navigation and footer link to (the client has
 * no "list pages" query, so pages nobody links to are left out).
 */
export async function collectSitemap(source: SitemapSource, chrome: Chrome, origin: string): Promise<SitemapEntry[]> {
  const { features } = chrome;
  const [services, projects, posts, demos] = await Promise.all([
    source.listServices(),
    features.portfolio ? source.listProjects() : [],
    features.blog ? allPosts(source) : [],
    features.demos ? source.listDemos() : [],
  ]);
  const linked = [...chrome.navigation, ...chrome.footer.columns.flatMap((column) => column.links)]
    .map((link) => link.href)
    .filter((href) => /^\/[^/?#]*$/.test(href) && href !== '/rss.xml' && isHrefEnabled(href, features));
  const paths = [
    '/',
    '/services',
    ...(features.portfolio ? ['/projects'] : []),
    ...(features.blog ? ['/blog'] : []),
    ...(features.demos ? ['/demos'] : []),
    ...linked,
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
