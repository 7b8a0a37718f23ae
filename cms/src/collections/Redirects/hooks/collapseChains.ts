/**
 * After a redirect from `a` is saved, redirects that led to `a` are re-pointed at its target, so no
 * visitor takes two hops (w → a → b becomes w → b). Runs in the same transaction as the save.
 */
import type { CollectionAfterChangeHook } from 'payload'

import type { Redirect } from '../../../payload-types'

import type { RedirectData } from './resolveRedirect'

export const collapseChains: CollectionAfterChangeHook = async ({ doc, req }) => {
  const saved = doc as RedirectData
  if (saved.type === '410' || typeof saved.from !== 'string') return doc
  const { docs } = await req.payload.find({
    collection: 'redirects',
    where: { and: [{ destination: { equals: saved.from } }, { id: { not_equals: saved.id } }] },
    depth: 0,
    req,
    overrideAccess: true,
    pagination: false,
  })
  for (const leading of docs) {
    await req.payload.update({
      collection: 'redirects',
      id: leading.id,
      data: (saved.document
        ? { document: saved.document, url: null }
        : { document: null, url: saved.url ?? null }) as Partial<Redirect>,
      depth: 0,
      req,
      overrideAccess: true,
    })
  }
  return doc
}
