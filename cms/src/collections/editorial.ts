/**
 * The factory for editorial collections (pages, posts, services, projects, demos): published
 * content with drafts, autosave, scheduled publishing and history, read by anyone once published,
 * written by editors, deleted into a trash (see ./trash), listed in the admin's Content group, sorted as the registry says.
 * Anything in `overrides` wins; `access`, `admin` and `hooks` are merged key by key, and the
 * collection's own `beforeChange` hooks run before `publishedAt` is set.
 */
import { COLLECTIONS, type CollectionFacts, type CollectionSlug } from '@mspn/contract'
import type { CollectionConfig } from 'payload'

import { isEditorOrAbove } from '../access/isEditorOrAbove'
import { publishedOrEditor } from '../access/publishedOrEditor'
import { setPublishedAt } from '../hooks/setPublishedAt'
import { withTrash } from './trash'
import { editorialVersions } from './versioning'

export type EditorialOverrides = Omit<CollectionConfig, 'slug'> & { slug: CollectionSlug }

export function editorialCollection({
  slug,
  access,
  admin,
  hooks,
  ...overrides
}: EditorialOverrides): CollectionConfig {
  const facts: CollectionFacts = COLLECTIONS[slug]
  return withTrash({
    slug,
    admin: { useAsTitle: 'title', group: 'Content', ...admin },
    access: {
      read: publishedOrEditor,
      readVersions: isEditorOrAbove,
      create: isEditorOrAbove,
      update: isEditorOrAbove,
      delete: isEditorOrAbove,
      ...access,
    },
    ...(facts.defaultSort ? { defaultSort: facts.defaultSort } : {}),
    versions: editorialVersions,
    ...overrides,
    hooks: { ...hooks, beforeChange: [...(hooks?.beforeChange ?? []), setPublishedAt] },
  })
}
