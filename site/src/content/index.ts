/**
 * `content`: what pages read. The CMS at request time in the server build; the content layer's
 * store (synced from the CMS when the build started) in the static export.
 */
import { STATIC_EXPORT } from '../buildMode.ts'
import { cms, type SiteChrome } from '../cms/index.ts'
import { CHROME_ENTRY } from './loaders.ts'
import { storeContent, type CollectionName, type SiteContent, type StoredCollections } from './siteContent.ts'

export type { SiteContent }

/**
 * The content layer, loaded only when the static build reads it (the server build never does,
 * and tests run without Astro's virtual modules). The collections exist only in the static
 * build (src/content.config.ts), so the generated types, made for the server build, do not know
 * their names.
 */
async function readCollection(name: string): Promise<Array<{ id: string; data: unknown }>> {
  const { getCollection } = await import('astro:content')
  return (getCollection as unknown as (collection: string) => Promise<Array<{ id: string; data: unknown }>>)(name)
}

const store = storeContent({
  async all<C extends CollectionName>(collection: C) {
    const entries = await readCollection(collection)
    return entries.map((entry) => entry.data as StoredCollections[C])
  },
  async chrome() {
    const entries = await readCollection('chrome')
    const entry = entries.find((item) => item.id === CHROME_ENTRY)
    return entry ? (entry.data as unknown as SiteChrome) : null
  },
})

export const content: SiteContent = STATIC_EXPORT ? store : cms

/**
 * Every stored document of a collection, as the CMS answered it (static export only: the content
 * layer exists only there). The search index of the static export is built from these.
 */
export async function storedDocuments(collection: CollectionName): Promise<Array<Record<string, unknown>>> {
  const entries = await readCollection(collection)
  return entries.map((entry) => (entry.data as { doc: Record<string, unknown> }).doc)
}
