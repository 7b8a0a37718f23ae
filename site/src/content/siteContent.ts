/**
 * What pages read, whichever mode the site is built in: in server mode the CMS itself (`cms`),
 * in the static export the content layer's store, filled by the loaders in ./cmsLoader.ts.
 * `storeContent` answers the same reads from the stored documents: each list request comes
 * from the collection's file and is evaluated by `evaluateList`, the CMS's order, filter and
 * paging in memory, so no query is written twice.
 */
import {
  collectionReads,
  evaluateList,
  isPlausibleSlug,
  pastTheEnd,
  type AnySiteCollection,
  type CardOf,
  type Cms,
  type ContentSource,
  type DocOf,
  type Paginated,
  type SITE_COLLECTIONS,
  type SiteChrome,
} from '../cms/index.ts'
import type { StoredDoc } from './cmsLoader.ts'

/** The reads pages make. */
export type SiteContent = Omit<Cms, 'client' | 'createInquiry' | 'getPreviewDraft' | 'getPreviewChrome'>

type SiteCollections = typeof SITE_COLLECTIONS

/** The content-layer collections (src/content.config.ts) and what their entries hold. */
export type StoredCollections = { [C in keyof SiteCollections]: StoredDoc<DocOf<SiteCollections[C]>> }

export type CollectionName = keyof StoredCollections

export interface StoreReader {
  /** Every entry of a collection (the data only). */
  all<C extends CollectionName>(collection: C): Promise<Array<StoredCollections[C]>>
  /** The site chrome stored by the chrome loader; null when none was stored. */
  chrome(): Promise<SiteChrome | null>
}

/** The store as a source of documents: lists as the CMS would answer them, documents by slug. */
export function storeSource(reader: StoreReader): ContentSource {
  const entries = (collection: AnySiteCollection) =>
    reader.all(collection.slug as CollectionName) as Promise<Array<StoredDoc<Record<string, unknown>>>>
  return {
    async list(collection, params) {
      const request = collection.list(params)
      if (request === null) return null
      // Lists sort and show the document's dates, which the entry keeps when the document does not select them.
      const records = (await entries(collection)).map(({ doc, updatedAt, publishedAt }) => ({
        ...doc,
        updatedAt: doc.updatedAt ?? updatedAt,
        publishedAt: doc.publishedAt ?? publishedAt,
      }))
      const result = evaluateList(records, request)
      if (pastTheEnd(request, result)) return null
      return { ...result, docs: result.docs.map((doc) => collection.card.schema.parse(doc)) } as Paginated<
        CardOf<typeof collection>
      >
    },
    async get(collection, slug) {
      if (!isPlausibleSlug(slug)) return null
      const found = (await entries(collection)).find((entry) => entry.doc.slug === slug)
      return (found?.doc ?? null) as DocOf<typeof collection> | null
    },
  }
}

export function storeContent(reader: StoreReader): SiteContent {
  return {
    ...collectionReads(storeSource(reader)),
    async getSiteChrome() {
      const chrome = await reader.chrome()
      if (chrome === null) throw new Error('The static build has no site chrome: the chrome loader did not run.')
      return chrome
    },
  }
}
