/**
 * The admin's Schedule drawer, third door to scheduling: Payload's `schedule-publish` server function
 * queues and deletes jobs directly, checking only that the caller may use the admin panel (any role
 * could cancel any job by id, or schedule a publish of a document they may not publish) and writing
 * no audit entry. Registered in the admin layout in its place, it goes through the same functions as
 * the REST endpoint and the GraphQL mutations (schedule.ts): who may publish, valid times, audit entries.
 * Globals (none of ours is scheduled) are left to Payload's handler.
 */
import { schedulePublishHandler } from '@payloadcms/ui/utilities/schedulePublishHandler'
import type { PayloadRequest, ServerFunction } from 'payload'

import { cancelSchedule, scheduleChange } from './schedule'

type Args = Parameters<typeof schedulePublishHandler>[0]

/** What the drawer shows: a message on success, `error` otherwise (its own shape). */
export type ScheduleDrawerResult = { message: string } | { error: string }

/** The document a pending schedule job is about, or undefined when there is no such job. */
async function jobTarget(req: PayloadRequest, jobId: number | string) {
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: {
      and: [{ id: { equals: jobId } }, { taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }],
    },
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const doc = (docs[0]?.input as { doc?: { relationTo?: string; value?: string } } | undefined)?.doc
  return doc?.relationTo && doc.value !== undefined ? { collection: doc.relationTo, id: String(doc.value) } : undefined
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : 'The change could not be scheduled.')

export const scheduleFromDrawer: ServerFunction<Omit<Args, 'req'>, Promise<ScheduleDrawerResult>> = async (args) => {
  const { req, deleteID, doc, global: globalSlug, type, date } = args
  if (globalSlug && !doc) return (await schedulePublishHandler(args as Args)) as ScheduleDrawerResult
  try {
    if (deleteID !== undefined && deleteID !== null) {
      const target = await jobTarget(req, deleteID)
      if (!target || !(await cancelSchedule(req, target.collection, target.id, String(deleteID))))
        return { error: 'No pending scheduled change with that id.' }
      return { message: req.i18n.t('general:success') }
    }
    if (!doc?.relationTo || doc.value === undefined) return { error: 'Nothing to schedule.' }
    const at = date === undefined ? undefined : new Date(date)
    await scheduleChange(req, doc.relationTo, doc.value, {
      action: type,
      at: at && !Number.isNaN(at.getTime()) ? at.toISOString() : undefined,
    })
    return { message: req.i18n.t('general:success') }
  } catch (error) {
    return { error: messageOf(error) }
  }
}
