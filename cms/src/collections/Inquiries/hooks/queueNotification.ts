/**
 * Queues the `notifyInquiry` job when an inquiry is created (not when it is flagged as spam). The
 * job is written with the request's transaction: it exists exactly when the inquiry does, and the
 * visitor's answer never waits on the mail server.
 */
import type { CollectionAfterChangeHook } from 'payload'

import { NOTIFY_INQUIRY_TASK } from '../notifyInquiry'

export const queueNotification: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create') return doc
  // `doc` is what the caller may read: for the public form, without the staff-only `spam` flag.
  const stored = await req.payload.findByID({
    collection: 'inquiries',
    id: doc.id,
    select: { spam: true },
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (stored.spam) return doc
  await req.payload.jobs.queue({ task: NOTIFY_INQUIRY_TASK, input: { inquiry: String(doc.id) }, req })
  return doc
}
