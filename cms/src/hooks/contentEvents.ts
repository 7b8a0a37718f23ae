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
  CollectionBeforeOperationHook,
  CollectionConfig,
  GlobalAfterChangeHook,
  GlobalBeforeOperationHook,
  GlobalConfig,
  RequestContext,
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

const afterCollectionChange: CollectionAfterChangeHook = ({ collection, doc, previousDoc, operation, req }) => {
  // A draft save (`draft: true`) writes a version only and leaves what visitors see as it was; the
  // first draft save after a publish still announces, as before. Anything else that leaves a draft
  // (an unpublish, even one right after a draft edit, whose previousDoc is that draft) is published news.
  const draftSave = Boolean(collection.versions) && draftSaves(req.context).has(collection.slug)
  const published = doc?._status !== 'draft' || previousDoc?._status === 'published' || !draftSave
  // Moving to the trash is an update that takes the document away from visitors: announce a delete.
  const trashed = Boolean(doc?.deletedAt) && !previousDoc?.deletedAt
  emit({ kind: 'collection', slug: collection.slug, id: doc?.id, operation: trashed ? 'delete' : operation }, published)
  return doc
}

const afterCollectionDelete: CollectionAfterDeleteHook = ({ collection, id, doc }) => {
  emit({ kind: 'collection', slug: collection.slug, id, operation: 'delete' })
  return doc
}

const DRAFT_SAVES_KEY = 'contentEventsDraftSaves'

function draftSaves(context: RequestContext): Set<string> {
  const holder = context as RequestContext & { [DRAFT_SAVES_KEY]?: Set<string> }
  holder[DRAFT_SAVES_KEY] ??= new Set()
  return holder[DRAFT_SAVES_KEY]
}

/** The afterChange hooks are not told whether the save was a draft: note it before the operation. */
function noteDraftSave(context: RequestContext, slug: string, args: unknown): void {
  const saves = draftSaves(context)
  if ((args as { draft?: boolean } | undefined)?.draft) saves.add(slug)
  else saves.delete(slug)
}

const beforeGlobalOperation: GlobalBeforeOperationHook = ({ args, global, operation, req }) => {
  if (operation === 'update') noteDraftSave(req.context, global.slug, args)
  return args
}

const beforeCollectionOperation: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if (operation === 'create' || operation === 'update' || operation === 'updateByID') {
    noteDraftSave(req.context, collection.slug, args)
  }
  return args
}

const afterGlobalChange: GlobalAfterChangeHook = ({ global, doc, req }) => {
  // Payload leaves the published global untouched on a draft save (it only writes a version), so
  // only a publish, an unpublish or a save of a global without drafts changes what visitors see.
  const draftSave = Boolean(global.versions) && draftSaves(req.context).has(global.slug) && doc?._status !== 'published'
  emit({ kind: 'global', slug: global.slug, operation: 'update' }, !draftSave)
  return doc
}

/** Adds the change hooks to a collection (after its own hooks). */
export function withCollectionEvents(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [...(collection.hooks?.beforeOperation ?? []), beforeCollectionOperation],
      afterChange: [...(collection.hooks?.afterChange ?? []), afterCollectionChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), afterCollectionDelete],
    },
  }
}

export function withGlobalEvents(global: GlobalConfig): GlobalConfig {
  return {
    ...global,
    hooks: {
      ...global.hooks,
      beforeOperation: [...(global.hooks?.beforeOperation ?? []), beforeGlobalOperation],
      afterChange: [...(global.hooks?.afterChange ?? []), afterGlobalChange],
    },
  }
}
