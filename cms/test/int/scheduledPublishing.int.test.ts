/**
 * Scheduled publish and unpublish through the API (`/api/v1/<collection>/<id>/schedule`): allowed to
 * whoever may publish the document, validated, listed and cancellable; when the job runs, the site
 * is told exactly as for a manual publish.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createLocalReq, type TypedUser } from 'payload'

import { startBackgroundWork } from '../../src/jobs'
import { scheduleFromDrawer } from '../../src/jobs/scheduleServerFunction'
import { createJobRunner, type JobRunner } from '../../src/jobs/runner'
import { richText } from '../../src/seed/lexical'
import { createUser, login, startTestCms, type TestCms } from '../helpers/cms'
import { graphql, request } from '../helpers/http'

const SECRET = 'revalidation-secret-for-tests-0123456789'
const quiet = { error: () => undefined, info: () => undefined }

let cms: TestCms
let runner: JobRunner
let editorAuth: string
let authorAuth: string
let editorId: number
let editorUser: TypedUser
let authorUser: TypedUser
const purges: { kind: string; slug: string; id?: number | string; operation: string }[][] = []
const site = http.createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (req.url === '/_cache/invalidate') purges.push(JSON.parse(body).changes)
    res.end('{}')
  })
})

async function draftPost(title: string) {
  const doc = await cms.payload.create({
    collection: 'posts',
    data: {
      title,
      excerpt: `${title} excerpt`,
      content: richText(`${title} body`),
      author: editorId,
      _status: 'draft',
    },
    draft: true,
    overrideAccess: true,
  })
  return doc.id
}

const schedule = (id: number | string, body: unknown, auth?: string) =>
  request(`${cms.api}/posts/${id}/schedule`, { method: 'POST', json: body, auth })
const soon = (ms = 3000) => new Date(Date.now() + ms).toISOString()
const status = async (id: number | string) =>
  (await cms.payload.findByID({ collection: 'posts', id, draft: true, overrideAccess: true }))._status

/** The purges naming this post, flattened. */
const purgesOf = (id: number | string) =>
  purges.flat().filter((change) => change.slug === 'posts' && String(change.id) === String(id))

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
}

/** Lets the purges of earlier writes (batched for 100 ms) arrive; returns how many this post had. */
async function settled(id: number | string) {
  await new Promise((resolve) => setTimeout(resolve, 400))
  return purgesOf(id).length
}

/** Waits until a purge of this post's update arrives after the first `seen` ones. */
const purgedAfter = (id: number | string, seen: number) =>
  until(() =>
    purgesOf(id)
      .slice(seen)
      .some((change) => change.operation === 'update'),
  )

/** Waits for the job's moment, then runs what is due as a server process's runner would. */
async function runWhenDue(at: string) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(at) - Date.now() + 50)))
  return runner.runDue()
}

beforeAll(async () => {
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  cms = await startTestCms({ env: { REVALIDATE_SECRET: SECRET, SITE_INVALIDATE_URLS: siteUrl } })
  const editor = await createUser(cms, 'editor', 'Eddie Editor')
  editorId = editor.user.id
  editorUser = { ...editor.user, collection: 'users' } as TypedUser
  editorAuth = await login(cms, editor.email, editor.password)
  const author = await createUser(cms, 'author', 'Ada Author')
  authorUser = { ...author.user, collection: 'users' } as TypedUser
  authorAuth = await login(cms, author.email, author.password)
  runner = createJobRunner(cms.payload, { intervalMs: 3_600_000, logger: quiet })
})

afterAll(async () => {
  await runner?.stop()
  await cms?.stop()
  site.close()
})

describe('scheduling over the API', () => {
  it('publishes at the moment asked, and purges the site as a manual publish does', async () => {
    const id = await draftPost('Scheduled post')
    const seen = await settled(id)
    const at = soon()
    const created = await schedule(id, { action: 'publish', at }, editorAuth)
    expect(created.status).toBe(201)
    expect(created.body.job).toMatchObject({ action: 'publish', at })
    expect(created.body.job.id).toBeDefined()

    const listed = await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })
    expect(listed.status).toBe(200)
    expect(listed.body.docs).toEqual([created.body.job])

    // Not before its time.
    expect(await runner.runDue()).toBe(0)
    expect(await status(id)).toBe('draft')
    expect((await request(`${cms.api}/posts/${id}`)).status).toBe(404)

    expect(await runWhenDue(at)).toBe(1)
    expect(await status(id)).toBe('published')
    expect((await request(`${cms.api}/posts/${id}`)).status).toBe(200)
    await purgedAfter(id, seen)
    expect(purgesOf(id).slice(seen)).toEqual([{ kind: 'collection', slug: 'posts', id, operation: 'update' }])
    expect((await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs).toEqual([])

    // The same purge a manual publish sends.
    const manual = await draftPost('Manual post')
    const manualSeen = await settled(manual)
    await cms.payload.update({ collection: 'posts', id: manual, data: { _status: 'published' }, overrideAccess: true })
    await purgedAfter(manual, manualSeen)
    expect(purgesOf(manual).slice(manualSeen)).toEqual([
      { kind: 'collection', slug: 'posts', id: manual, operation: 'update' },
    ])
  })

  it('unpublishes at the moment asked, and purges the site', async () => {
    const id = await draftPost('To be withdrawn')
    await cms.payload.update({ collection: 'posts', id, data: { _status: 'published' }, overrideAccess: true })
    const purgedBefore = await settled(id)
    const at = soon()
    const created = await schedule(id, { action: 'unpublish', at }, editorAuth)
    expect(created.status).toBe(201)
    expect(created.body.job).toMatchObject({ action: 'unpublish', at })
    expect(await runWhenDue(at)).toBe(1)
    expect(await status(id)).toBe('draft')
    expect((await request(`${cms.api}/posts/${id}`)).status).toBe(404)
    await purgedAfter(id, purgedBefore)
    expect(purgesOf(id).slice(purgedBefore)).toEqual([{ kind: 'collection', slug: 'posts', id, operation: 'update' }])
  })

  it('cancels a pending change', async () => {
    const id = await draftPost('Changed my mind')
    const at = soon(60_000)
    const { body } = await schedule(id, { action: 'publish', at }, editorAuth)
    const cancelled = await request(`${cms.api}/posts/${id}/schedule?job=${body.job.id}`, {
      method: 'DELETE',
      auth: editorAuth,
    })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.job.id).toBe(String(body.job.id))
    expect((await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs).toEqual([])
    const again = await request(`${cms.api}/posts/${id}/schedule?job=${body.job.id}`, {
      method: 'DELETE',
      auth: editorAuth,
    })
    expect(again.status).toBe(404)
    expect(again.body.errors[0].code).toBe('NOT_FOUND')
  })

  it('refuses bad input with a 400 naming the field', async () => {
    const id = await draftPost('Validated')
    const cases: [unknown, string][] = [
      [{ action: 'publish', at: new Date(Date.now() - 60_000).toISOString() }, 'at'],
      [{ action: 'publish', at: new Date(Date.now() + 400 * 86_400_000).toISOString() }, 'at'],
      [{ action: 'publish', at: 'tomorrow' }, 'at'],
      [{ action: 'publish' }, 'at'],
      [{ action: 'archive', at: soon(60_000) }, 'action'],
      [{}, 'action'],
    ]
    for (const [body, field] of cases) {
      const response = await schedule(id, body, editorAuth)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.errors).toEqual([{ message: expect.any(String), field, code: 'INVALID_SCHEDULE' }])
      expect(response.body.requestId).toEqual(expect.any(String))
    }
    const notJson = await request(`${cms.api}/posts/${id}/schedule`, {
      method: 'POST',
      body: '{"action":',
      headers: { 'content-type': 'application/json' },
      auth: editorAuth,
    })
    expect(notJson.status).toBe(400)
    expect((await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs).toEqual([])
  })

  it('is allowed to whoever may publish the document, as in the admin', async () => {
    const id = await draftPost('Editors only')
    const body = { action: 'publish', at: soon(60_000) }
    const anonymous = await schedule(id, body)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.errors[0].code).toBe('UNAUTHORIZED')
    // Authors write drafts; publishing (now or later) is for editors.
    const author = await schedule(id, body, authorAuth)
    expect(author.status).toBe(403)
    expect(author.body.errors[0].code).toBe('FORBIDDEN')
    expect((await request(`${cms.api}/posts/${id}/schedule`, { auth: authorAuth })).status).toBe(403)
    expect((await request(`${cms.api}/posts/${id}/schedule`)).status).toBe(401)
    expect((await schedule(999_999, body, editorAuth)).status).toBe(404)
    expect((await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs).toEqual([])
  })

  it('has a GraphQL equivalent with the same rules', async () => {
    const id = await draftPost('Scheduled over GraphQL')
    const at = soon(60_000)
    const mutation =
      'mutation ($id: ID!, $action: String!, $at: String!) { schedule(collection: "posts", id: $id, action: $action, at: $at) { id action at } }'
    const created = await graphql(cms.api, mutation, editorAuth, { id: String(id), action: 'publish', at })
    expect(created.body.errors).toBeUndefined()
    expect(created.body.data.schedule).toMatchObject({ action: 'publish', at })
    const listed = await graphql(
      cms.api,
      `{ schedules(collection: "posts", id: "${id}") { id action at } }`,
      editorAuth,
    )
    expect(listed.body.data.schedules).toEqual([created.body.data.schedule])
    // The REST endpoint sees the same pending change.
    expect(
      (await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs.map((job: { id: unknown }) =>
        String(job.id),
      ),
    ).toEqual([String(created.body.data.schedule.id)])

    const bad = await graphql(cms.api, mutation, editorAuth, {
      id: String(id),
      action: 'publish',
      at: '2001-01-01T00:00:00Z',
    })
    expect(bad.body.errors?.[0]).toMatchObject({ code: 'INVALID_SCHEDULE', message: 'at must be in the future.' })
    const anonymous = await graphql(cms.api, mutation, undefined, { id: String(id), action: 'publish', at })
    expect(anonymous.body.data?.schedule ?? null).toBeNull()
    expect(anonymous.body.errors?.length).toBeGreaterThan(0)
    const author = await graphql(cms.api, mutation, authorAuth, { id: String(id), action: 'publish', at })
    expect(author.body.data?.schedule ?? null).toBeNull()

    const cancelled = await graphql(
      cms.api,
      `mutation { cancelSchedule(collection: "posts", id: "${id}", job: "${created.body.data.schedule.id}") }`,
      editorAuth,
    )
    expect(cancelled.body.data.cancelSchedule).toBe(true)
    expect(
      (await graphql(cms.api, `{ schedules(collection: "posts", id: "${id}") { id } }`, editorAuth)).body.data
        .schedules,
    ).toEqual([])
  })

  it('runs due jobs from the moment the server process starts its background work, with no request', async () => {
    const id = await draftPost('Published by the server process')
    const at = soon()
    expect((await schedule(id, { action: 'publish', at }, editorAuth)).status).toBe(201)
    // What `npm start` runs beside the HTTP server (src/cli/start.ts), polling every 200 ms here.
    const background = startBackgroundWork(cms.payload, { ...cms.env, jobsIntervalMs: 200 }, cms.app.logger)
    try {
      await until(async () => (await status(id)) === 'published', 20_000)
      expect(await status(id)).toBe('published')
    } finally {
      await background.stop()
    }
  })
})

describe('audit entries for scheduling', () => {
  /** The audit entries of this post written by schedule and cancel, oldest first. */
  const scheduleEntries = async (id: number | string) =>
    (
      await cms.payload.find({
        collection: 'audit-logs',
        where: {
          and: [
            { entity: { equals: 'posts' } },
            { documentId: { equals: String(id) } },
            { action: { in: ['schedule', 'cancel-schedule'] } },
          ],
        },
        sort: 'createdAt',
        depth: 0,
        overrideAccess: true,
      })
    ).docs

  it('records who scheduled and who cancelled over REST, with the request id', async () => {
    const id = await draftPost('Audited schedule')
    const at = soon(3_600_000)
    const created = await request(`${cms.api}/posts/${id}/schedule`, {
      method: 'POST',
      json: { action: 'publish', at },
      auth: editorAuth,
      headers: { 'x-request-id': 'audit-schedule-rest-1' },
    })
    expect(created.status).toBe(201)
    const jobId = created.body.job.id
    const cancelled = await request(`${cms.api}/posts/${id}/schedule?job=${jobId}`, {
      method: 'DELETE',
      auth: editorAuth,
      headers: { 'x-request-id': 'audit-cancel-rest-1' },
    })
    expect(cancelled.status).toBe(200)
    const entries = await scheduleEntries(id)
    expect(
      entries.map(({ action, entityType, user, reason, requestId }) => ({
        action,
        entityType,
        user,
        reason,
        requestId,
      })),
    ).toEqual([
      {
        action: 'schedule',
        entityType: 'collection',
        user: editorId,
        reason: `publish at ${at} (job ${jobId})`,
        requestId: 'audit-schedule-rest-1',
      },
      {
        action: 'cancel-schedule',
        entityType: 'collection',
        user: editorId,
        reason: `publish at ${at} (job ${jobId})`,
        requestId: 'audit-cancel-rest-1',
      },
    ])
  })

  it('writes nothing for a refused or empty request', async () => {
    const id = await draftPost('Audited refusals')
    expect((await schedule(id, { action: 'publish', at: soon(60_000) }, authorAuth)).status).toBe(403)
    expect((await schedule(id, { action: 'publish', at: 'soon' }, editorAuth)).status).toBe(400)
    expect((await schedule(id, { action: 'publish', at: soon(60_000) })).status).toBe(401)
    const missing = await request(`${cms.api}/posts/${id}/schedule?job=999999`, { method: 'DELETE', auth: editorAuth })
    expect(missing.status).toBe(404)
    expect(await scheduleEntries(id)).toEqual([])
  })

  it('records the same entries over GraphQL, one per alias', async () => {
    const id = await draftPost('Audited over GraphQL')
    const publishAt = soon(3_600_000)
    const unpublishAt = soon(7_200_000)
    const created = await graphql(
      cms.api,
      `mutation ($id: ID!) {
        first: schedule(collection: "posts", id: $id, action: "publish", at: "${publishAt}") { id }
        second: schedule(collection: "posts", id: $id, action: "unpublish", at: "${unpublishAt}") { id }
      }`,
      editorAuth,
      { id: String(id) },
    )
    expect(created.body.errors).toBeUndefined()
    const { first, second } = created.body.data as { first: { id: string }; second: { id: string } }
    const cancelled = await graphql(
      cms.api,
      `mutation { cancelSchedule(collection: "posts", id: "${id}", job: "${second.id}") }`,
      editorAuth,
    )
    expect(cancelled.body.data?.cancelSchedule).toBe(true)
    // A refused mutation (author) and a cancel of nothing write no entry.
    const refused = await graphql(
      cms.api,
      `mutation { schedule(collection: "posts", id: "${id}", action: "publish", at: "${publishAt}") { id } }`,
      authorAuth,
    )
    expect(refused.body.errors?.length).toBeGreaterThan(0)
    const nothing = await graphql(
      cms.api,
      `mutation { cancelSchedule(collection: "posts", id: "${id}", job: "999999") }`,
      editorAuth,
    )
    expect(nothing.body.data?.cancelSchedule).toBe(false)

    const entries = await scheduleEntries(id)
    expect(entries.map(({ action, user, reason }) => ({ action, user, reason }))).toEqual([
      { action: 'schedule', user: editorId, reason: `publish at ${publishAt} (job ${first.id})` },
      { action: 'schedule', user: editorId, reason: `unpublish at ${unpublishAt} (job ${second.id})` },
      { action: 'cancel-schedule', user: editorId, reason: `unpublish at ${unpublishAt} (job ${second.id})` },
    ])
    // The cancelled job is gone, the other still pending.
    const pending = await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })
    expect(pending.body.docs.map((job: { id: unknown }) => String(job.id))).toEqual([String(first.id)])
  })

  it("goes through the same rules from the admin's Schedule drawer (its server function)", async () => {
    const id = await draftPost('Scheduled from the drawer')
    const doc = { relationTo: 'posts' as const, value: String(id) }
    const drawer = async (user: TypedUser, args: Record<string, unknown>) =>
      scheduleFromDrawer({ ...args, req: await createLocalReq({ user }, cms.payload) } as never)
    const at = new Date(Date.now() + 3_600_000)
    // Authors may not publish, so they may not schedule a publish either, nor cancel someone's schedule.
    expect(await drawer(authorUser, { type: 'publish', date: at, doc })).toEqual({
      error: 'You are not allowed to perform this action.',
    })
    expect(await drawer(editorUser, { type: 'publish', date: new Date(Date.now() - 60_000), doc })).toEqual({
      error: 'at must be in the future.',
    })
    expect(await drawer(editorUser, { type: 'publish', date: at, doc })).toEqual({ message: expect.any(String) })
    const [job] = (await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs
    expect(job).toEqual({ id: job.id, action: 'publish', at: at.toISOString() })
    expect(await drawer(authorUser, { deleteID: job.id })).toEqual({
      error: 'You are not allowed to perform this action.',
    })
    expect(await drawer(editorUser, { deleteID: 999_999 })).toEqual({
      error: 'No pending scheduled change with that id.',
    })
    expect(await drawer(editorUser, { deleteID: job.id })).toEqual({ message: expect.any(String) })
    expect((await request(`${cms.api}/posts/${id}/schedule`, { auth: editorAuth })).body.docs).toEqual([])
    const entries = await scheduleEntries(id)
    expect(entries.map(({ action, user, reason }) => ({ action, user, reason }))).toEqual([
      { action: 'schedule', user: editorId, reason: `publish at ${at.toISOString()} (job ${job.id})` },
      { action: 'cancel-schedule', user: editorId, reason: `publish at ${at.toISOString()} (job ${job.id})` },
    ])
  })
})
