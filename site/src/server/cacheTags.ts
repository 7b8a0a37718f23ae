/**
 * The route cache's tag convention, shared by pages (which tag what they render) and the
 * invalidation endpoint (which turns the CMS's change list into tags to purge):
 *
 * - `collection:<slug>`: anything built from a list of the collection (index pages, cards,
 *   "latest posts" blocks). Every change to any document of the collection purges it.
 * - `doc:<collection>:<id>`: one document's own page.
 * - `global:<slug>`: pages that show a global (navigation, footer, site settings: usually all).
 *
 * A page showing a single post therefore tags itself `doc:posts:12`, and also
 * `collection:posts` only if it lists other posts (e.g. "related posts").
 */
export type ChangeKind = 'collection' | 'global'

export interface ContentChange {
  kind: ChangeKind
  slug: string
  id?: string | number
  operation: 'create' | 'update' | 'delete'
}

export const collectionTag = (collection: string): string => `collection:${collection}`
export const docTag = (collection: string, id: string | number): string => `doc:${collection}:${id}`
export const globalTag = (slug: string): string => `global:${slug}`

/**
 * Tags to purge for a batch of changes, deduplicated. A collection change purges the
 * collection's lists and, when it names a document, that document's pages.
 */
export function tagsForChanges(changes: readonly ContentChange[]): string[] {
  const tags = new Set<string>()
  for (const change of changes) {
    if (change.kind === 'global') {
      tags.add(globalTag(change.slug))
      continue
    }
    tags.add(collectionTag(change.slug))
    if (change.id !== undefined) tags.add(docTag(change.slug, change.id))
  }
  return [...tags]
}
