/**
 * Scheduled publish and unpublish of one document, as the admin's "Schedule publish" drawer does
 * it: a `schedulePublish` job in Payload's jobs collection that runs as the editor who asked for it
 * (so their access still applies when it runs). Shared by the REST endpoint and the GraphQL mutation,
 * so both doors write the same audit entry (`schedule`, `cancel-schedule`) in the transaction of the
 * change: the entry exists exactly when the job was queued or cancelled.
 */
import { ERRORS } from '@mspn/contract/errors'
import {
  APIError,
  commitTransaction,
  docAccessOperation,
  initTransaction,
  killTransaction,
  Forbidden,
  NotFound,
  UnauthorizedError,
  type CollectionConfig,
  type PayloadRequest,
  type Where,
} from 'payload'

import { recordAudit } from '../audit/auditLog'

export const SCHEDULE_ACTIONS = ['publish', 'unpublish'] as const
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number]

/** The furthest ahead a change may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60_000

export interface ScheduledChange {
  id: number | string
  action: ScheduleAction
  at: string
}

/** A bad request (400 `INVALID_SCHEDULE`), with the field it is about; GraphQL shows the code too. */
export class ScheduleInputError extends APIError<{
  code: string
  errors: { message: string; code: string; path: string }[]
}> {
  constructor(
    readonly field: string,
    message: string,
  ) {
    const { code, status } = ERRORS.INVALID_SCHEDULE
    super(message, status, { code, errors: [{ message, code, path: field }] }, true)
    this.name = 'ScheduleInputError'
  }
}

export function isSchedulable(collection: Pick<CollectionConfig, 'versions'>): boolean {
  const drafts = typeof collection.versions === 'object' ? collection.versions.drafts : undefined
  return typeof drafts === 'object' && Boolean(drafts.schedulePublish)
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/** `Date` rolls 2030-02-31 over into March; an editor who typed it meant something else. */
function realDay(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day
}

/** Checks `{ action, at }`: a known action and an ISO time in the future, at most a year ahead. */
export function parseScheduleInput(body: unknown, now = Date.now()): { action: ScheduleAction; at: Date } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (!SCHEDULE_ACTIONS.includes(input.action as ScheduleAction))
    throw new ScheduleInputError('action', 'action must be "publish" or "unpublish".')
  const at =
    typeof input.at === 'string' && ISO_TIME.test(input.at) && realDay(input.at) ? new Date(input.at) : undefined
  if (!at || Number.isNaN(at.getTime()))
    throw new ScheduleInputError('at', 'at must be an ISO 8601 time with a time zone, e.g. 2030-01-31T09:00:00Z.')
  if (at.getTime() <= now) throw new ScheduleInputError('at', 'at must be in the future.')
  if (at.getTime() > now + MAX_SCHEDULE_AHEAD_MS)
    throw new ScheduleInputError('at', 'at must be within a year from now.')
  return { action: input.action as ScheduleAction, at }
}

/** The caller may schedule only what they may publish: the admin's rule (update with `_status: published`). */
async function assertMayPublish(req: PayloadRequest, collection: string, id: number | string): Promise<void> {
  if (!req.user) throw new UnauthorizedError(req.t)
  const config = (req.payload.collections as Record<string, { config: CollectionConfig } | undefined>)[collection]
    ?.config
  if (!config || !isSchedulable(config)) throw new NotFound(req.t)
  const doc = await req.payload.findByID({
    collection: collection as never,
    id,
    draft: true,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
  })
  if (!doc) throw new NotFound(req.t)
  const permissions = await docAccessOperation({
    id,
    collection: { config } as never,
    data: { _status: 'published' },
    req,
  })
  if (!permissions.update) throw new Forbidden(req.t)
}

const pendingFor = (collection: string, id: number | string): Where => ({
  and: [
    { taskSlug: { equals: 'schedulePublish' } },
    { completedAt: { exists: false } },
    { processing: { equals: false } },
    { 'input.doc.relationTo': { equals: collection } },
    { 'input.doc.value': { equals: String(id) } },
  ],
})

interface ScheduleJob {
  id: number | string
  waitUntil?: string | null
  input?: unknown
}

const toChange = (job: ScheduleJob): ScheduledChange => ({
  id: job.id,
  action: (job.input as { type?: string } | undefined)?.type === 'unpublish' ? 'unpublish' : 'publish',
  at: new Date(job.waitUntil ?? 0).toISOString(),
})

/** Runs `work` in a transaction of its own unless the request already has one (then it is the caller's). */
async function inTransaction<T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> {
  const shouldCommit = await initTransaction(req)
  try {
    const result = await work()
    if (shouldCommit) await commitTransaction(req)
    return result
  } catch (error) {
    if (shouldCommit) await killTransaction(req)
    throw error
  }
}

/** The audit entry's `reason`: what was (un)scheduled, for when, and which job. */
const describeChange = (change: ScheduledChange) => `${change.action} at ${change.at} (job ${change.id})`

export async function scheduleChange(
  req: PayloadRequest,
  collection: string,
  id: number | string,
  body: unknown,
): Promise<ScheduledChange> {
  await assertMayPublish(req, collection, id)
  const { action, at } = parseScheduleInput(body)
  const user = req.user as { id: number | string; collection: string }
  return inTransaction(req, async () => {
    const job = await req.payload.jobs.queue({
      task: 'schedulePublish',
      waitUntil: at,
      input: {
        type: action,
        doc: { relationTo: collection, value: String(id) },
        user: { relationTo: user.collection, value: user.id },
      } as never,
      req,
    })
    const change = toChange(job as ScheduleJob)
    await recordAudit(req, {
      action: 'schedule',
      entityType: 'collection',
      entity: collection,
      documentId: id,
      reason: describeChange(change),
    })
    return change
  })
}

/** Pending scheduled changes of a document, soonest first. */
export async function listSchedules(
  req: PayloadRequest,
  collection: string,
  id: number | string,
): Promise<ScheduledChange[]> {
  await assertMayPublish(req, collection, id)
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: pendingFor(collection, id),
    sort: 'waitUntil',
    limit: 100,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs.map((job) => toChange(job as ScheduleJob))
}

/** Cancels one pending change (not yet started); false when there was none with that id. */
export async function cancelSchedule(
  req: PayloadRequest,
  collection: string,
  id: number | string,
  jobId: string,
): Promise<boolean> {
  await assertMayPublish(req, collection, id)
  return inTransaction(req, async () => {
    const { docs } = await req.payload.delete({
      collection: 'payload-jobs',
      where: { and: [pendingFor(collection, id), { id: { equals: jobId } }] },
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (docs.length === 0) return false
    await recordAudit(req, {
      action: 'cancel-schedule',
      entityType: 'collection',
      entity: collection,
      documentId: id,
      reason: describeChange(toChange(docs[0] as ScheduleJob)),
    })
    return true
  })
}
