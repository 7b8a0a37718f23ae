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

/**
 * The public list read is `_status = 'published' and deletedAt is null` ordered by the default
 * sort, then `createdAt` (Payload's tie-break). Without an index in that order the database reads
 * every published row and sorts them (and SQLite computes each row's relationship columns before
 * sorting), so a list page costs in proportion to the whole collection. With it, a page reads its
 * own rows only, and the page count is counted from the index alone. `deletedAt` comes last:
 * PostgreSQL cannot order by the columns after one tested with `is null`.
 */
function listIndexes(defaultSort: string | undefined): NonNullable<CollectionConfig['indexes']> {
  const field = defaultSort?.replace(/^-/, '')
  if (!field || field === 'createdAt') return []
  return [{ fields: ['_status', field, 'createdAt', 'deletedAt'] }]
}

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
    indexes: [...listIndexes(facts.defaultSort), ...(overrides.indexes ?? [])],
    hooks: { ...hooks, beforeChange: [...(hooks?.beforeChange ?? []), setPublishedAt] },
  })
}
