/**
 * Where the admin panel's Preview button and live preview iframe point: the site's `/preview`
 * route with a signed token for the open document (or global) and the signed-in editor. Nothing
 * is offered without PREVIEW_SECRET, or for a document that was never saved. A global's preview
 * is the front page with the editor's draft navigation, footer and settings around it.
 */
import {
  isPreviewableCollection,
  isPublicGlobal,
  PREVIEWABLE_COLLECTIONS,
  PUBLIC_GLOBALS,
  type PublicGlobal,
} from '@mspn/contract'
import {
  PREVIEW_GLOBALS_TARGET,
  previewExpiry,
  signPreviewToken,
  type PreviewTarget,
} from '@mspn/contract/preview-token'
import type { CollectionConfig, Config, GlobalConfig } from 'payload'

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
  collection: PreviewTarget,
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

/** The site URL that shows the editor's draft of a global. */
export const globalPreviewUrlFor = (
  settings: PreviewSettings,
  slug: PublicGlobal,
  userId: unknown,
  nowSeconds?: number,
): string | null => previewUrlFor(settings, PREVIEW_GLOBALS_TARGET, slug, userId, nowSeconds)

/** Adds the Preview button to the globals the site shows (all of them, on every page). */
export function withGlobalPreview(settings: PreviewSettings) {
  return (global: GlobalConfig): GlobalConfig => {
    const slug = global.slug
    if (!settings.secret || !isPublicGlobal(slug)) return global
    return {
      ...global,
      admin: { ...global.admin, preview: (_doc, { req }) => globalPreviewUrlFor(settings, slug, req.user?.id) },
    }
  }
}

/** Live preview beside the edit form (phone and desktop sizes), refreshed by the site on every save. */
export function livePreview(settings: PreviewSettings): RootLivePreview | undefined {
  if (!settings.secret) return undefined
  return {
    collections: [...PREVIEWABLE_COLLECTIONS],
    globals: [...PUBLIC_GLOBALS],
    breakpoints: LIVE_PREVIEW_BREAKPOINTS,
    url: ({ data, collectionConfig, globalConfig, req }) => {
      const slug = collectionConfig?.slug
      if (isPreviewableCollection(slug)) return previewUrlFor(settings, slug, data?.id, req.user?.id)
      const global = globalConfig?.slug
      return isPublicGlobal(global) ? globalPreviewUrlFor(settings, global, req.user?.id) : null
    },
  }
}
