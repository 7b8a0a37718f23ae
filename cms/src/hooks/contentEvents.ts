/**
 * Tells the rest of the process that published content may have changed. Collection and global
 * hooks emit; the response cache (and later the site's revalidation) listen. Emitting never fails
 * the write that caused it.
 */
import { EventEmitter } from 'node:events'
import type { ContentChange } from '@mspn/contract'
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionConfig,
  GlobalAfterChangeHook,
  GlobalConfig,
} from 'payload'

/**
 * `change`: anything a reader may see changed (drafts included, for preview); `published`: the
 * published state changed (a publish, an unpublish, a delete, a collection without drafts).
 */
export const contentEvents = new EventEmitter<{ change: [ContentChange]; published: [ContentChange] }>()
contentEvents.setMaxListeners(50)

const emit = (change: ContentChange, published = true) => {
  try {
    contentEvents.emit('change', change)
    if (published) contentEvents.emit('published', change)
  } catch {
    // a listener's failure must not undo the editor's save
  }
}

const afterCollectionChange: CollectionAfterChangeHook = ({ collection, doc, previousDoc, operation }) => {
  // A draft save of a draft leaves what visitors see as it was.
  const published = doc?._status !== 'draft' || previousDoc?._status === 'published'
  emit({ kind: 'collection', slug: collection.slug, id: doc?.id, operation }, published)
  return doc
}

const afterCollectionDelete: CollectionAfterDeleteHook = ({ collection, id, doc }) => {
  emit({ kind: 'collection', slug: collection.slug, id, operation: 'delete' })
  return doc
}

const afterGlobalChange: GlobalAfterChangeHook = ({ global, doc }) => {
  emit({ kind: 'global', slug: global.slug, operation: 'update' })
  return doc
}

/** Adds the change hooks to a collection (after its own hooks). */
export function withCollectionEvents(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), afterCollectionChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), afterCollectionDelete],
    },
  }
}

export function withGlobalEvents(global: GlobalConfig): GlobalConfig {
  return {
    ...global,
    hooks: { ...global.hooks, afterChange: [...(global.hooks?.afterChange ?? []), afterGlobalChange] },
  }
}
