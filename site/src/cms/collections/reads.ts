/**
 * The collection reads pages make, over any source of documents: the CMS over HTTP
 * (`httpSource`) or the static export's store (src/content/siteContent.ts). A source answers
 * two generic questions — a list request, a document by slug — for any collection file, and
 * `collectionReads` names them for pages, so a new source or collection adds no query code.
 */
import type { CmsClient, RequestOptions } from '../client.ts'
import { paginated, type Paginated } from '../schemas/paginated.ts'
import { selectionQuery, type AnySiteCollection, type CardOf, type DocOf, type ParamsOf } from './define.ts'
import { isPlausibleSlug, listQuery, pastTheEnd } from './list.ts'
import { categories } from './categories.ts'
import { demos } from './demos.ts'
import { pages } from './pages.ts'
import { posts } from './posts.ts'
import { projects } from './projects.ts'
import { services } from './services.ts'

export type QueryOptions = Pick<RequestOptions, 'signal' | 'requestId'>

export interface ContentSource {
  /** One page of the collection's list for `params`, or null when no page can match. */
  list<C extends AnySiteCollection>(
    collection: C,
    params?: ParamsOf<C>,
    options?: QueryOptions,
  ): Promise<Paginated<CardOf<C>> | null>
  /** The document with `slug`, as its own page renders it, or null. */
  get<C extends AnySiteCollection>(collection: C, slug: string, options?: QueryOptions): Promise<DocOf<C> | null>
}

export function httpSource(client: CmsClient): ContentSource {
  return {
    async list(collection, params, options = {}) {
      const request = collection.list(params)
      if (request === null) return null
      const result = await client.get(`/${collection.slug}`, paginated(collection.card.schema), {
        ...options,
        query: { ...listQuery(request), ...selectionQuery(collection.card) },
      })
      return pastTheEnd(request, result) ? null : (result as Paginated<CardOf<typeof collection>>)
    },
    // A list query with `where[slug][equals]` and `limit=1`, which answers an empty list (never a 404) when nothing matches.
    async get(collection, slug, options = {}) {
      if (!isPlausibleSlug(slug)) return null
      const result = await client.get(`/${collection.slug}`, paginated(collection.doc.schema), {
        ...options,
        query: { where: { slug: { equals: slug } }, limit: 1, pagination: false, ...selectionQuery(collection.doc) },
      })
      return (result.docs[0] ?? null) as DocOf<typeof collection> | null
    },
  }
}

/** The reads pages call by name; `list` and `get` take any collection file. */
export function collectionReads(source: ContentSource) {
  const all = async <C extends AnySiteCollection>(
    collection: C,
    params?: ParamsOf<C>,
    options?: QueryOptions,
  ): Promise<Array<CardOf<C>>> => (await source.list(collection, params, options))?.docs ?? []
  return {
    list: source.list,
    get: source.get,
    getPage: (slug: string, options?: QueryOptions) => source.get(pages, slug, options),
    /** Every published page's slug, last change and noindex flag, by slug (sitemap, static paths). */
    listPages: (options?: QueryOptions) => all(pages, undefined, options),
    listPosts: (params?: ParamsOf<typeof posts>, options?: QueryOptions) => source.list(posts, params, options),
    getPost: (slug: string, options?: QueryOptions) => source.get(posts, slug, options),
    listServices: (options?: QueryOptions) => all(services, undefined, options),
    getService: (slug: string, options?: QueryOptions) => source.get(services, slug, options),
    listProjects: (params?: ParamsOf<typeof projects>, options?: QueryOptions) => all(projects, params, options),
    getProject: (slug: string, options?: QueryOptions) => source.get(projects, slug, options),
    listDemos: (options?: QueryOptions) => all(demos, undefined, options),
    getDemo: (slug: string, options?: QueryOptions) => source.get(demos, slug, options),
    listCategories: (options?: QueryOptions) => all(categories, undefined, options),
  }
}

export type CollectionReads = ReturnType<typeof collectionReads>
