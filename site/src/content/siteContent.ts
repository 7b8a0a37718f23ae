/**
 * What pages read, whichever mode the site is built in: in server mode the CMS itself (`cms`),
 * in the static export the content layer's store, filled by the loaders in ./cmsLoader.ts.
 * `storeContent` answers every read the way the CMS query would (same order, same paging,
 * null for "no such page"), from the stored documents.
 */
import type {
  CategoryItem,
  Cms,
  DemoDoc,
  PageDoc,
  Paginated,
  PostDoc,
  PostListItem,
  ProjectDoc,
  ServiceDoc,
  SiteChrome,
} from '../cms/index.ts';
import type { PageSummary } from '../cms/schemas/page.ts';
import { isPlausibleSlug } from '../cms/queries/find-by-slug.ts';
import type { StoredDoc } from './cmsLoader.ts';

/** The reads pages make. */
export type SiteContent = Pick<
  Cms,
  | 'getSiteChrome'
  | 'getPage'
  | 'listPages'
  | 'listPosts'
  | 'getPost'
  | 'listServices'
  | 'getService'
  | 'listProjects'
  | 'getProject'
  | 'listDemos'
  | 'getDemo'
  | 'listCategories'
>;

/** The content-layer collections (src/content.config.ts) and what their entries hold. */
export interface StoredCollections {
  pages: StoredDoc<PageDoc>;
  posts: StoredDoc<PostDoc>;
  services: StoredDoc<ServiceDoc>;
  projects: StoredDoc<ProjectDoc>;
  demos: StoredDoc<DemoDoc>;
  categories: StoredDoc<CategoryItem>;
}

export type CollectionName = keyof StoredCollections;

export interface StoreReader {
  /** Every entry of a collection (the data only). */
  all<C extends CollectionName>(collection: C): Promise<Array<StoredCollections[C]>>;
  /** The site chrome stored by the chrome loader; null when none was stored. */
  chrome(): Promise<SiteChrome | null>;
}

const MAX_PER_PAGE = 100;

const byText = (a: string | null | undefined, b: string | null | undefined) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
/** Newest first, undated last, like the CMS's `-publishedAt`. */
const newestFirst = (a: string | null | undefined, b: string | null | undefined) => -byText(a ?? '', b ?? '');

export function storeContent(reader: StoreReader): SiteContent {
  const docs = <C extends CollectionName>(collection: C) => reader.all(collection);
  const bySlug = async <C extends CollectionName>(collection: C, slug: string): Promise<StoredCollections[C]['doc'] | null> => {
    if (!isPlausibleSlug(slug)) return null;
    const found = (await docs(collection)).find((entry) => entry.doc.slug === slug);
    return found ? found.doc : null;
  };

  return {
    async getSiteChrome() {
      const chrome = await reader.chrome();
      if (chrome === null) throw new Error('The static build has no site chrome: the chrome loader did not run.');
      return chrome;
    },
    getPage: (slug) => bySlug('pages', slug),
    async listPages(): Promise<PageSummary[]> {
      return (await docs('pages'))
        .map((entry) => ({ id: entry.doc.id, slug: entry.doc.slug, updatedAt: entry.updatedAt, seo: { noIndex: entry.doc.seo?.noIndex ?? null } }))
        .sort((a, b) => byText(a.slug, b.slug));
    },
    async listPosts({ page = 1, perPage = 9, category } = {}): Promise<Paginated<PostListItem> | null> {
      if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return null;
      if (category !== undefined && !isPlausibleSlug(category)) return null;
      const all = (await docs('posts'))
        .filter((entry) => category === undefined || entry.doc.categories.some((item) => item.slug === category))
        .sort((a, b) => newestFirst(a.doc.publishedAt ?? a.publishedAt, b.doc.publishedAt ?? b.publishedAt))
        .map((entry) => entry.doc);
      const totalPages = Math.ceil(all.length / perPage);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      if (page > 1 && slice.length === 0) return null;
      return {
        docs: slice,
        totalDocs: all.length,
        limit: perPage,
        totalPages,
        page,
        pagingCounter: (page - 1) * perPage + 1,
        hasPrevPage: page > 1,
        hasNextPage: page < totalPages,
        prevPage: page > 1 ? page - 1 : null,
        nextPage: page < totalPages ? page + 1 : null,
      };
    },
    getPost: (slug) => bySlug('posts', slug),
    async listServices() {
      return (await docs('services'))
        .map((entry) => entry.doc)
        .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || byText(a.title, b.title));
    },
    getService: (slug) => bySlug('services', slug),
    async listProjects({ limit = 100, featuredFirst = false } = {}) {
      const count = Number.isInteger(limit) ? Math.min(Math.max(limit, 1), 100) : 100;
      return (await docs('projects'))
        .sort(
          (a, b) =>
            (featuredFirst ? Number(b.doc.featured === true) - Number(a.doc.featured === true) : 0) ||
            (b.doc.year ?? 0) - (a.doc.year ?? 0) ||
            newestFirst(a.publishedAt, b.publishedAt),
        )
        .slice(0, count)
        .map((entry) => entry.doc);
    },
    getProject: (slug) => bySlug('projects', slug),
    async listDemos() {
      return (await docs('demos')).map((entry) => entry.doc).sort((a, b) => byText(a.title, b.title));
    },
    getDemo: (slug) => bySlug('demos', slug),
    async listCategories() {
      return (await docs('categories')).map((entry) => entry.doc).sort((a, b) => byText(a.title, b.title));
    },
  };
}
