/**
 * Keeps `readAt` with `read`: set when an inquiry is marked read, or moved on from `new` (which
 * means someone has read it), cleared when it is marked unread again. Unread inquiries are the ones
 * the admin's navigation counts (unreadCount.ts).
 */
import type { CollectionBeforeChangeHook } from 'payload'

export const markRead: CollectionBeforeChangeHook = ({ data, originalDoc, operation }) => {
  if (operation !== 'update') return data
  const wasRead = Boolean(originalDoc?.read)
  const asked = data.read === undefined || data.read === null ? wasRead : Boolean(data.read)
  const movedOn = data.status !== undefined && data.status !== 'new' && originalDoc?.status === 'new'
  // Moving on marks it read, unless the same save changes `read` itself.
  const read = asked || (movedOn && asked === wasRead)
  data.read = read
  if (read && !wasRead) data.readAt = new Date().toISOString()
  else if (!read) data.readAt = null
  return data
}
