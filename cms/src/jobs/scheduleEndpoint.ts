/**
 * `/api/v1/<collection>/<id>/schedule` on every collection with scheduled publishing:
 * - `POST { "action": "publish" | "unpublish", "at": "<ISO time>" }` → 201 `{ job: { id, action, at } }`
 * - `GET` → `{ docs: [{ id, action, at }] }`, the pending ones, soonest first
 * - `DELETE ?job=<id>` → `{ job: { id } }`, 404 when no such pending job
 * Allowed to whoever may publish the document (as in the admin); bad input is a 400 naming the field.
 */
import { ERRORS } from '@mspn/contract/errors'
import type { CollectionConfig, Endpoint, PayloadHandler, PayloadRequest } from 'payload'

import { cancelSchedule, isSchedulable, listSchedules, scheduleChange, ScheduleInputError } from './schedule'

const target = (req: PayloadRequest) => ({
  collection: String(req.routeParams?.collection ?? ''),
  id: String(req.routeParams?.id ?? ''),
})

async function jsonBody(req: PayloadRequest): Promise<unknown> {
  try {
    return req.json ? await req.json() : undefined
  } catch {
    return undefined
  }
}

const create: PayloadHandler = async (req) => {
  const { collection, id } = target(req)
  // A ScheduleInputError becomes the 400 envelope naming its field (Payload's error data, see server/errors.ts).
  const job = await scheduleChange(req, collection, id, await jsonBody(req))
  return Response.json({ job }, { status: 201 })
}

const list: PayloadHandler = async (req) => {
  const { collection, id } = target(req)
  return Response.json({ docs: await listSchedules(req, collection, id) })
}

const cancel: PayloadHandler = async (req) => {
  const { collection, id } = target(req)
  const jobId = typeof req.query?.job === 'string' ? req.query.job : ''
  if (!/^[\w-]{1,64}$/.test(jobId))
    throw new ScheduleInputError('job', 'job must name the scheduled change to cancel (?job=<id>).')
  if (!(await cancelSchedule(req, collection, id, jobId))) {
    const { code, status } = ERRORS.NOT_FOUND
    return Response.json({ errors: [{ message: 'No pending scheduled change with that id.', code }] }, { status })
  }
  return Response.json({ job: { id: jobId } })
}

/** Adds the schedule endpoints to a collection with scheduled publishing (others are returned as they are). */
export function withScheduleEndpoints(collection: CollectionConfig): CollectionConfig {
  if (!isSchedulable(collection)) return collection
  const withSlug =
    (handler: PayloadHandler): PayloadHandler =>
    (req) => {
      req.routeParams = { ...req.routeParams, collection: collection.slug }
      return handler(req)
    }
  const endpoints: Endpoint[] = [
    { path: '/:id/schedule', method: 'post', handler: withSlug(create) },
    { path: '/:id/schedule', method: 'get', handler: withSlug(list) },
    { path: '/:id/schedule', method: 'delete', handler: withSlug(cancel) },
  ]
  return {
    ...collection,
    endpoints: [...(Array.isArray(collection.endpoints) ? collection.endpoints : []), ...endpoints],
  }
}
