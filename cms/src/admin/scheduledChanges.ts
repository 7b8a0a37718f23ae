/**
 * Pending scheduled publish/unpublish jobs of a whole collection, by document id: one query for a
 * list view however many rows it shows (the list's "Scheduled" column, components/ScheduledCell.tsx).
 */
import type { Payload } from 'payload'

import type { ScheduleAction } from '../jobs/schedule'

export interface PendingChange {
  action: ScheduleAction
  at: string
}

/** The most pending jobs one collection's column reads; more than this and the column shows the soonest. */
export const MAX_PENDING_READ = 1000

export async function pendingChangesByDoc(payload: Payload, collection: string): Promise<Map<string, PendingChange[]>> {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: 'schedulePublish' } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
        { 'input.doc.relationTo': { equals: collection } },
      ],
    },
    sort: 'waitUntil',
    limit: MAX_PENDING_READ,
    depth: 0,
    overrideAccess: true,
  })
  const byDoc = new Map<string, PendingChange[]>()
  for (const job of docs) {
    const input = job.input as { type?: string; doc?: { value?: string } } | undefined
    if (input?.doc?.value === undefined) continue
    const key = String(input.doc.value)
    const change: PendingChange = {
      action: input.type === 'unpublish' ? 'unpublish' : 'publish',
      at: new Date(job.waitUntil ?? 0).toISOString(),
    }
    byDoc.set(key, [...(byDoc.get(key) ?? []), change])
  }
  return byDoc
}
