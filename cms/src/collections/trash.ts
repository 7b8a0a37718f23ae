/**
 * Trash for content collections: "delete" in the admin moves a document to the trash (Payload sets
 * `deletedAt`), where editors can restore it or admins can delete it for good.
 *
 * - Reads: staff below editor, and visitors, never see trashed documents, even when they ask for
 *   them (`?trash=true`, `where[deletedAt][exists]=true`): the read rule gains `deletedAt` not set.
 * - Delete: Payload asks the delete rule twice, with `data.deletedAt` set when the document is
 *   being moved to the trash and without it for a permanent delete. Moving to the trash keeps the
 *   collection's own rule; deleting for good (emptying the trash) is for admins only.
 * - Restore is an update that clears `deletedAt`: the collection's update rule.
 */
import type { Access, AccessArgs, CollectionConfig, Where } from 'payload'

import { isAdmin } from '../access/isAdmin'
import { isEditorOrAbove } from '../access/isEditorOrAbove'
import { hasRole } from '../access/roles'

const NOT_TRASHED: Where = { deletedAt: { exists: false } }

/** True when Payload is asking about a move to the trash rather than a permanent delete. */
export const isTrashAttempt = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && (data as { deletedAt?: unknown }).deletedAt != null

/** The read rule, with trashed documents hidden from everyone below editor. */
export function hideTrashed(read: Access): Access {
  return async (args: AccessArgs) => {
    const result = await read(args)
    if (result === false || hasRole(args.req.user, 'editor')) return result
    if (result === true) return NOT_TRASHED
    return { and: [result, NOT_TRASHED] }
  }
}

/** Moving to the trash by the collection's own rule; deleting for good by admins only. */
export function trashOrAdmin(trash: Access): Access {
  return (args: AccessArgs) => (isTrashAttempt(args.data) ? trash(args) : isAdmin(args))
}

/** Turns on the trash for a collection and adapts its read and delete rules (see above). */
export function withTrash(collection: CollectionConfig): CollectionConfig {
  const access = collection.access ?? {}
  return {
    ...collection,
    trash: true,
    access: {
      ...access,
      read: hideTrashed(access.read ?? isEditorOrAbove),
      delete: trashOrAdmin(access.delete ?? isEditorOrAbove),
    },
  }
}
