/**
 * Where the admin panel's Preview button and live preview iframe point: the site's `/preview`
 * route with a signed token for the open document and the signed-in editor. Nothing is offered
 * without PREVIEW_SECRET, or for a document that was never saved.
 */
import { isPreviewableCollection, PREVIEWABLE_COLLECTIONS, type PreviewableCollection } from '@mspn/contract'
import { previewExpiry, signPreviewToken } from '@mspn/contract/preview-token'
import type { CollectionConfig, Config } from 'payload'

export interface PreviewSettings {
  siteUrl: string
  secret: string | undefined
}

type RootLivePreview = NonNullable<NonNullable<Config['admin']>['livePreview']>

export const LIVE_PREVIEW_BREAKPOINTS = [
  { name: 'phone', label: 'Phone', width: 375, height: 667 },
  { name: 'desktop', label: 'Desktop', width: 1440, height: 900 },
]

/** The site URL that shows this draft, or null when there is nothing to preview. */
export function previewUrlFor(
  settings: PreviewSettings,
  collection: PreviewableCollection,
  id: unknown,
  userId: unknown,
  nowSeconds?: number,
): string | null {
  if (!settings.secret) return null
  if ((typeof id !== 'string' && typeof id !== 'number') || (typeof userId !== 'string' && typeof userId !== 'number'))
    return null
  const token = signPreviewToken(settings.secret, {
    collection,
    id: String(id),
    userId: String(userId),
    expiresAt: previewExpiry(nowSeconds),
  })
  return `${settings.siteUrl}/preview?token=${encodeURIComponent(token)}`
}

/** Adds the Preview button to the collections the site can show. */
export function withPreview(settings: PreviewSettings) {
  return (collection: CollectionConfig): CollectionConfig => {
    const slug = collection.slug
    if (!settings.secret || !isPreviewableCollection(slug)) return collection
    return {
      ...collection,
      admin: {
        ...collection.admin,
        preview: (doc, { req }) => previewUrlFor(settings, slug, doc.id, req.user?.id),
      },
    }
  }
}

/** Live preview beside the edit form (phone and desktop sizes), refreshed by the site on every save. */
export function livePreview(settings: PreviewSettings): RootLivePreview | undefined {
  if (!settings.secret) return undefined
  return {
    collections: [...PREVIEWABLE_COLLECTIONS],
    breakpoints: LIVE_PREVIEW_BREAKPOINTS,
    url: ({ data, collectionConfig, req }) => {
      const slug = collectionConfig?.slug
      return isPreviewableCollection(slug) ? previewUrlFor(settings, slug, data?.id, req.user?.id) : null
    },
  }
}
