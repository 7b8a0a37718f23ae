/**
 * A change to published content, as the CMS's hooks announce it inside the process and as the
 * cache-purge webhook carries it to the site (`{ "changes": ContentChange[] }`).
 */
export type ContentOperation = 'create' | 'update' | 'delete'

export interface ContentChange {
  kind: 'collection' | 'global'
  slug: string
  id?: number | string
  operation: ContentOperation
}

/** The webhook's body. */
export interface ContentChangeBatch {
  changes: ContentChange[]
}

/** Path of the site's cache-purge webhook. */
export const INVALIDATE_PATH = '/_cache/invalidate'
