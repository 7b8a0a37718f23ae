/**
 * `content`: what pages read. The CMS at request time in the server build; the content layer's
 * store (synced from the CMS when the build started) in the static export.
 */
import { getCollection } from 'astro:content';

import { STATIC_EXPORT } from '../buildMode.ts';
import { cms, type SiteChrome } from '../cms/index.ts';
import { CHROME_ENTRY } from './loaders.ts';
import { storeContent, type CollectionName, type SiteContent, type StoredCollections } from './siteContent.ts';

export type { SiteContent };

/**
 * The collections exist only in the static build (src/content.config.ts), so the generated
 * types, made for the server build, do not know their names.
 */
const readCollection = getCollection as unknown as (name: string) => Promise<Array<{ id: string; data: unknown }>>;

const store = storeContent({
  async all<C extends CollectionName>(collection: C) {
    const entries = await readCollection(collection);
    return entries.map((entry) => entry.data as StoredCollections[C]);
  },
  async chrome() {
    const entries = await readCollection('chrome');
    const entry = entries.find((item) => item.id === CHROME_ENTRY);
    return entry ? (entry.data as unknown as SiteChrome) : null;
  },
});

export const content: SiteContent = STATIC_EXPORT ? store : cms;
