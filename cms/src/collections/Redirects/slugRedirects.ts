/**
 * When a published document of a routed collection moves (its slug changes while published), its
 * old address keeps working: a 301 from the old path to the document is saved (through the
 * redirects collection's own rules, so redirects that led to the old path are re-pointed), a
 * redirect from the new path is dropped (the document lives there now), and redirects that target
 * the document get its new path. Drafts never published leave no trace. Routes come from the
 * registry (`documentPath`).
 */
import { documentPath, isRoutedCollection } from '@mspn/contract'
import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import type { Redirect } from '../../payload-types'
import { redirectFrom } from './hooks/resolveRedirect'

interface Routed {
  id: number | string
  slug?: unknown
  _status?: string
}

const isPublished = (doc: Routed | undefined): boolean => doc !== undefined && doc._status !== 'draft'

const pathOf = (collection: string, doc: Routed | undefined): string | null =>
  typeof doc?.slug === 'string' ? documentPath(collection, doc.slug) : null

/** Where the published document lived before this write (`previousDoc` may be a later draft). */
const BEFORE = 'redirects:publishedBefore'

/**
 * Reads the collection's own row before the write: with drafts it holds what visitors see, while
 * the hooks' `originalDoc` is the latest version, possibly a draft with another slug.
 */
export const rememberPublishedPath: CollectionBeforeChangeHook = async ({
  collection,
  context,
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update' || originalDoc?.id === undefined) return data
  const row = await req.payload.db.findOne({
    collection: collection.slug,
    where: { id: { equals: originalDoc.id } },
    req,
  })
  context[BEFORE] = row ?? undefined
  return data
}

export const redirectMovedDocument: CollectionAfterChangeHook = async ({
  collection,
  context,
  doc,
  operation,
  req,
}) => {
  const before = context[BEFORE] as Routed | undefined
  if (operation !== 'update' || !isPublished(before) || !isPublished(doc as Routed)) return doc
  const oldPath = pathOf(collection.slug, before)
  const newPath = pathOf(collection.slug, doc as Routed)
  if (oldPath === null || newPath === null || oldPath === newPath) return doc
  const options = { req, overrideAccess: true, depth: 0 } as const
  const target = { relationTo: collection.slug, value: (doc as Routed).id } as NonNullable<Redirect['document']>

  await req.payload.delete({ collection: 'redirects', where: { from: { equals: newPath } }, ...options })
  const following = await req.payload.find({
    collection: 'redirects',
    where: {
      and: [{ 'document.relationTo': { equals: collection.slug } }, { 'document.value': { equals: target.value } }],
    },
    pagination: false,
    ...options,
  })
  // Saving again recomputes `destination` from the document's new slug.
  for (const redirect of following.docs)
    await req.payload.update({ collection: 'redirects', id: redirect.id, data: {}, ...options })

  const existing = await redirectFrom(req, oldPath)
  const data = { from: oldPath, type: '301' as const, document: target, url: null }
  if (existing?.id !== undefined)
    await req.payload.update({ collection: 'redirects', id: existing.id, data, ...options })
  else await req.payload.create({ collection: 'redirects', data, ...options })
  return doc
}

/** Adds the hook to a routed collection (the registry's `route`); others are returned as they are. */
export function withSlugRedirects(collection: CollectionConfig): CollectionConfig {
  if (!isRoutedCollection(collection.slug)) return collection
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeChange: [...(collection.hooks?.beforeChange ?? []), rememberPublishedPath],
      afterChange: [...(collection.hooks?.afterChange ?? []), redirectMovedDocument],
    },
  }
}
