/**
 * The static export's content-layer loaders, as Astro takes them: one per CMS collection
 * (incremental, see ./cmsLoader.ts) and one for the site chrome (three globals, read whole on
 * every build). Each prints one progress line.
 */
import type { Loader } from 'astro/loaders'

import { selectionQuery, syncSource, type AnySiteCollection, type Cms } from '../cms/index.ts'
import { describeReport, syncCollection, type CollectionSpec } from './cmsLoader.ts'

/** What the sync of a collection fetches: each document as its own page renders it (the collection file's `doc`). */
export function syncSpec(collection: AnySiteCollection): CollectionSpec<AnySiteCollection['doc']['schema']> {
  return {
    collection: collection.slug,
    schema: collection.doc.schema,
    query: selectionQuery(collection.doc),
    embeds: collection.embeds,
  }
}

export function cmsCollectionLoader(cms: Cms, collection: AnySiteCollection): Loader {
  const spec = syncSpec(collection)
  return {
    name: `mspn-cms-${spec.collection}`,
    load: async (context) => {
      const started = performance.now()
      context.logger.info(`${spec.collection}: syncing from ${cms.client.apiUrl}…`)
      const report = await syncCollection(syncSource(cms.client), spec, context)
      context.logger.info(`${describeReport(report)} in ${Math.round(performance.now() - started)} ms`)
    },
  }
}

/** The key of the one entry of the `chrome` collection. */
export const CHROME_ENTRY = 'site'

export function siteChromeLoader(cms: Cms): Loader {
  return {
    name: 'mspn-cms-chrome',
    load: async ({ store, logger, generateDigest }) => {
      let chrome
      try {
        chrome = await cms.getSiteChrome()
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(
          `Static build: could not read the site settings, navigation and footer from the CMS: ${reason}`,
          { cause: error },
        )
      }
      const data = { ...chrome } as Record<string, unknown>
      const changed = store.set({ id: CHROME_ENTRY, data, digest: generateDigest(data) })
      logger.info(`site settings, navigation, footer: ${changed ? 'updated' : 'unchanged'}; 3 CMS requests`)
    },
  }
}
