/**
 * The admin dashboard's data (src/admin/dashboardData.ts) with each role's access: new inquiries,
 * scheduled changes of the next days (only of documents the user can read), drafts waiting, the
 * audit log (admins only) and the site link's last purge per endpoint; and the list view's
 * "Scheduled" column source (one query for a collection).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TypedUser } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dashboardData } from '../../src/admin/dashboardData'
import { pendingChangesByDoc } from '../../src/admin/scheduledChanges'
import { richText } from '../../src/seed/lexical'
import { createUser, login, startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

const SECRET = 'revalidation-secret-for-tests-0123456789'
const DAY = 86_400_000

let cms: TestCms
const users: Record<'admin' | 'editor' | 'author', TypedUser> = {} as never
let editorAuth: string
let okUrl: string
let refusingUrl: string
let received = 0
const okSite = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    received += 1
    res.end('{}')
  })
})
const refusingSite = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.statusCode = 401
    res.end('{}')
  })
})
const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const ids: Record<string, number | string> = {}

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
}

beforeAll(async () => {
  okUrl = await listen(okSite)
  refusingUrl = await listen(refusingSite)
  cms = await startTestCms({
    env: { REVALIDATE_SECRET: SECRET, SITE_INVALIDATE_URLS: `${okUrl},${refusingUrl}` },
  })
  for (const role of ['admin', 'editor', 'author'] as const) {
    const created = await createUser(cms, role, `Dashboard ${role}`)
    users[role] = { ...created.user, collection: 'users' } as TypedUser
    if (role === 'editor') editorAuth = await login(cms, created.email, created.password)
  }
  const { payload } = cms
  for (const [name, status] of [
    ['Ada New', 'new'],
    ['Bob New', 'new'],
    ['Cy Old', 'closed'],
    ['Dee New', 'new'],
  ] as const) {
    await payload.create({
      collection: 'inquiries',
      data: {
        name,
        email: `${name.split(' ')[0].toLowerCase()}@example.com`,
        message: 'We need a new website soon.',
        status,
      },
      overrideAccess: true,
    })
  }
  // A draft post (never published), a published post with a newer draft, a published post, a draft page.
  const post = (title: string, status: 'draft' | 'published') =>
    payload.create({
      collection: 'posts',
      data: {
        title,
        excerpt: `${title}.`,
        content: richText(title),
        author: users.editor.id as number,
        _status: status,
      },
      draft: status === 'draft',
      overrideAccess: true,
    })
  ids.draftPost = (await post('Never published', 'draft')).id
  ids.editedPost = (await post('Published then edited', 'published')).id
  await payload.update({
    collection: 'posts',
    id: ids.editedPost,
    data: { title: 'Published then edited (draft)', _status: 'draft' },
    draft: true,
    overrideAccess: true,
  })
  ids.cleanPost = (await post('Published and clean', 'published')).id
  const page = await payload.create({
    collection: 'pages',
    data: { title: 'Draft page', layout: [{ blockType: 'richText', content: richText('Hello') }], _status: 'draft' },
    draft: true,
    overrideAccess: true,
  })
  ids.draftPage = page.id
})

afterAll(async () => {
  await cms?.stop()
  okSite.close()
  refusingSite.close()
})

describe('dashboard data', () => {
  it('counts new inquiries and lists the latest, for editors and admins only', async () => {
    for (const role of ['admin', 'editor'] as const) {
      const { inquiries } = await dashboardData(cms.payload, users[role], { limit: 2 })
      expect(inquiries.allowed).toBe(true)
      expect(inquiries.data?.newCount).toBe(3)
      expect(inquiries.data?.latest.map((inquiry) => inquiry.name)).toEqual(['Dee New', 'Bob New'])
    }
    expect((await dashboardData(cms.payload, users.author)).inquiries).toEqual({ allowed: false })
  })

  it('lists the documents with unpublished drafts, per collection the user may read versions of', async () => {
    const { drafts } = await dashboardData(cms.payload, users.editor)
    expect(drafts.allowed).toBe(true)
    const byCollection = Object.fromEntries(
      (drafts.data?.collections ?? []).map((section) => [
        section.collection,
        section.latest.map((doc) => [String(doc.id), doc.title]),
      ]),
    )
    expect(byCollection.posts).toEqual([
      [String(ids.editedPost), 'Published then edited (draft)'],
      [String(ids.draftPost), 'Never published'],
    ])
    expect(byCollection.pages).toEqual([[String(ids.draftPage), 'Draft page']])
    expect(drafts.data?.total).toBe(3)
    // Authors read the history of their own posts only, and no page versions.
    const author = await dashboardData(cms.payload, users.author)
    expect(author.drafts.data?.collections.map((section) => [section.collection, section.count])).toEqual([
      ['posts', 0],
    ])
  })

  it('shows what is scheduled this week, only for documents the user can read', async () => {
    const schedule = (collection: string, id: number | string, action: string, inMs: number) =>
      request(`${cms.api}/${collection}/${id}/schedule`, {
        method: 'POST',
        json: { action, at: new Date(Date.now() + inMs).toISOString() },
        auth: editorAuth,
      })
    const pagePublish = await schedule('pages', ids.draftPage, 'publish', DAY)
    const postUnpublish = await schedule('posts', ids.cleanPost, 'unpublish', 2 * DAY)
    const later = await schedule('posts', ids.draftPost, 'publish', 10 * DAY)
    for (const created of [pagePublish, postUnpublish, later]) expect(created.status).toBe(201)

    const { scheduled } = await dashboardData(cms.payload, users.editor)
    expect(scheduled.allowed).toBe(true)
    expect(
      scheduled.data?.items.map(({ collection, id, action, title, jobId, at }) => ({
        collection,
        id,
        action,
        title,
        jobId,
        at,
      })),
    ).toEqual([
      {
        collection: 'pages',
        id: String(ids.draftPage),
        action: 'publish',
        title: 'Draft page',
        jobId: pagePublish.body.job.id,
        at: pagePublish.body.job.at,
      },
      {
        collection: 'posts',
        id: String(ids.cleanPost),
        action: 'unpublish',
        title: 'Published and clean',
        jobId: postUnpublish.body.job.id,
        at: postUnpublish.body.job.at,
      },
    ])
    // The author cannot read the draft page: its job is left out; the published post's is shown.
    const author = await dashboardData(cms.payload, users.author)
    expect(author.scheduled.data?.items.map((item) => item.title)).toEqual(['Published and clean'])
    // Ten days ahead is in a two-week window.
    const wider = await dashboardData(cms.payload, users.editor, { scheduleDays: 14 })
    expect(wider.scheduled.data?.items.map((item) => item.title)).toEqual([
      'Draft page',
      'Published and clean',
      'Never published',
    ])

    // The list view's column: every pending change of a collection, by document, in one query.
    const pending = await pendingChangesByDoc(cms.payload, 'posts')
    expect(Object.fromEntries(pending)).toEqual({
      [String(ids.cleanPost)]: [{ action: 'unpublish', at: postUnpublish.body.job.at }],
      [String(ids.draftPost)]: [{ action: 'publish', at: later.body.job.at }],
    })
    expect([...(await pendingChangesByDoc(cms.payload, 'services')).keys()]).toEqual([])
  })

  it('shows the audit log to admins only, newest first, schedules included', async () => {
    const { audit } = await dashboardData(cms.payload, users.admin, { limit: 5 })
    expect(audit.allowed).toBe(true)
    expect(audit.data?.entries).toHaveLength(10)
    const first = audit.data?.entries[0]
    expect(first).toMatchObject({
      action: 'schedule',
      entityType: 'collection',
      entity: 'posts',
      user: 'Dashboard editor',
    })
    expect(first?.reason).toMatch(/^publish at .+ \(job .+\)$/)
    for (const role of ['editor', 'author'] as const)
      expect((await dashboardData(cms.payload, users[role])).audit).toEqual({ allowed: false })
  })

  it("reports the site link: each endpoint's last purge and its outcome", async () => {
    const before = received
    await cms.payload.update({
      collection: 'posts',
      id: ids.cleanPost,
      data: { title: 'Published and clean, renamed' },
      overrideAccess: true,
    })
    await until(() => received > before)
    let link = (await dashboardData(cms.payload, users.editor)).siteLink
    // The refusing endpoint answers at once too (a 4xx is final, not retried).
    const deadline = Date.now() + 10_000
    while (link.attempts.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      link = (await dashboardData(cms.payload, users.editor)).siteLink
    }
    expect(link.configured).toBe(true)
    expect(link.endpoints).toEqual([`${okUrl}/_cache/invalidate`, `${refusingUrl}/_cache/invalidate`])
    const byEndpoint = Object.fromEntries(link.attempts.map((attempt) => [attempt.endpoint, attempt]))
    expect(byEndpoint[`${okUrl}/_cache/invalidate`]).toMatchObject({ outcome: 'ok', changes: 1 })
    expect(byEndpoint[`${refusingUrl}/_cache/invalidate`]).toMatchObject({
      outcome: 'refused',
      status: 401,
      changes: 1,
    })
    expect(link.lastSuccessAt).toBe(byEndpoint[`${okUrl}/_cache/invalidate`].at)
  })
})
