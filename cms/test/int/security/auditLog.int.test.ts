/**
 * The audit trail, on every database: each create, change, publish, unpublish and delete of content
 * and globals, sign-ins and password changes are recorded with who, what, which fields and which
 * request; entries are written in the transaction of the change; only admins read them and nobody
 * can write, change or delete one through any API.
 */
import { randomUUID } from 'node:crypto'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { mongoSupportsTransactions } from '../../../src/database'
import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { graphql, request } from '../../helpers/http'

let cms: TestCms
let admin: Awaited<ReturnType<typeof createUser>>
let editor: Awaited<ReturnType<typeof createUser>>
let adminToken: string
let editorToken: string

beforeAll(async () => {
  cms = await startTestCms()
  admin = await createUser(cms, 'admin')
  editor = await createUser(cms, 'editor')
  adminToken = await login(cms, admin.email, admin.password)
  editorToken = await login(cms, editor.email, editor.password)
})

afterAll(async () => {
  await cms?.stop()
})

/** Sends a request with a fresh X-Request-Id, so its audit entries can be found by it. */
async function traced(path: string, init: Parameters<typeof request>[1] = {}) {
  const requestId = `test-${randomUUID()}`
  const response = await request(`${cms.api}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'x-request-id': requestId },
  })
  return { ...response, requestId }
}

async function entriesFor(requestId: string) {
  const found = await cms.payload.find({
    collection: 'audit-logs',
    where: { requestId: { equals: requestId } },
    overrideAccess: true,
    depth: 0,
    sort: 'createdAt',
  })
  return found.docs
}

const idOf = (value: unknown) =>
  String(typeof value === 'object' && value !== null ? (value as { id: unknown }).id : value)

describe('content changes', () => {
  let pageId: string

  it('records a create with the acting user, the document and the request ID', async () => {
    const created = await traced('/pages?draft=true', {
      method: 'POST',
      auth: editorToken,
      json: { title: 'Audited page', _status: 'draft', layout: [{ blockType: 'hero', heading: 'Hi' }] },
    })
    expect(created.status).toBe(201)
    pageId = String(created.body.doc.id)
    const [entry, ...rest] = await entriesFor(created.requestId)
    expect(rest).toHaveLength(0)
    expect(entry).toMatchObject({
      action: 'create',
      entityType: 'collection',
      entity: 'pages',
      documentId: pageId,
      requestId: created.requestId,
    })
    expect(idOf(entry.user)).toBe(String(editor.user.id))
    expect(Date.parse(entry.createdAt)).not.toBeNaN()
  })

  it('records a draft update with the names of the fields that changed', async () => {
    const updated = await traced(`/pages/${pageId}?draft=true`, {
      method: 'PATCH',
      auth: editorToken,
      json: { title: 'Audited page, renamed' },
    })
    expect(updated.status).toBe(200)
    const entries = await entriesFor(updated.requestId)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'update', entity: 'pages', documentId: pageId })
    expect(entries[0].changedFields).toContain('title')
    expect(entries[0].changedFields).not.toContain('updatedAt')
  })

  it('records publishing and unpublishing as _status transitions', async () => {
    const published = await traced(`/pages/${pageId}`, {
      method: 'PATCH',
      auth: editorToken,
      json: { _status: 'published' },
    })
    expect(published.status).toBe(200)
    expect((await entriesFor(published.requestId)).map((e) => e.action)).toEqual(['publish'])

    const edited = await traced(`/pages/${pageId}`, {
      method: 'PATCH',
      auth: editorToken,
      json: { title: 'Audited page, live edit' },
    })
    expect(edited.status).toBe(200)
    expect((await entriesFor(edited.requestId)).map((e) => e.action)).toEqual(['update'])

    const unpublished = await traced(`/pages/${pageId}`, {
      method: 'PATCH',
      auth: editorToken,
      json: { _status: 'draft' },
    })
    expect(unpublished.status).toBe(200)
    expect((await entriesFor(unpublished.requestId)).map((e) => e.action)).toEqual(['unpublish'])
  })

  it('records a delete', async () => {
    // Deleting for good is the admin's (editors move documents to the trash).
    const deleted = await traced(`/pages/${pageId}`, { method: 'DELETE', auth: adminToken })
    expect(deleted.status).toBe(200)
    const entries = await entriesFor(deleted.requestId)
    expect(entries.map((e) => [e.action, e.documentId])).toEqual([['delete', pageId]])
  })

  it('records global changes', async () => {
    const saved = await traced('/globals/site-settings', {
      method: 'POST',
      auth: adminToken,
      json: { tagline: `Audited ${randomUUID()}` },
    })
    expect(saved.status).toBe(200)
    const [entry] = await entriesFor(saved.requestId)
    expect(entry).toMatchObject({ action: 'update', entityType: 'global', entity: 'site-settings' })
    expect(entry.changedFields).toContain('tagline')
    expect(idOf(entry.user)).toBe(String(admin.user.id))
  })

  it('writes nothing when the change itself is refused', async () => {
    const refused = await traced('/pages', { method: 'POST', auth: editorToken, json: { layout: [] } })
    expect(refused.status).toBe(400)
    expect(await entriesFor(refused.requestId)).toHaveLength(0)
  })

  it('shares the transaction of the change: rolled back together, committed together', async () => {
    const before = await cms.payload.count({ collection: 'audit-logs', overrideAccess: true })
    const req = await createLocalReq({}, cms.payload)
    // SQLite (database.ts gives it transactions), PostgreSQL and MongoDB replica sets have
    // transactions, and there the entry must roll back with the change.
    const transactional = await initTransaction(req)
    expect(transactional).toBe(cms.db.kind !== 'mongodb' || mongoSupportsTransactions(cms.db.url))
    const category = await cms.payload.create({
      collection: 'categories',
      data: { title: 'Rolled back' },
      req,
      overrideAccess: true,
    })
    expect((await cms.payload.count({ collection: 'audit-logs', overrideAccess: true, req })).totalDocs).toBe(
      before.totalDocs + 1,
    )
    if (transactional) {
      await killTransaction(req)
      expect((await cms.payload.count({ collection: 'audit-logs', overrideAccess: true })).totalDocs).toBe(
        before.totalDocs,
      )
      expect(
        await cms.payload.findByID({
          collection: 'categories',
          id: category.id,
          overrideAccess: true,
          disableErrors: true,
        }),
      ).toBeNull()
    }

    const commitReq = await createLocalReq({}, cms.payload)
    await initTransaction(commitReq)
    const kept = await cms.payload.create({
      collection: 'categories',
      data: { title: 'Kept' },
      req: commitReq,
      overrideAccess: true,
    })
    await commitTransaction(commitReq)
    const entries = await cms.payload.find({
      collection: 'audit-logs',
      where: { and: [{ entity: { equals: 'categories' } }, { documentId: { equals: String(kept.id) } }] },
      overrideAccess: true,
    })
    expect(entries.docs.map((e) => e.action)).toEqual(['create'])
  })
})

describe('accounts', () => {
  it('records sign-ins, failed sign-ins and password changes', async () => {
    const user = await createUser(cms, 'author', 'Audited Author')
    const signedIn = await traced('/users/login', {
      method: 'POST',
      json: { email: user.email, password: user.password },
    })
    expect(signedIn.status).toBe(200)
    expect(await entriesFor(signedIn.requestId)).toEqual([
      expect.objectContaining({
        action: 'login',
        entity: 'users',
        documentId: String(user.user.id),
        email: user.email,
      }),
    ])

    const wrong = await traced('/users/login', {
      method: 'POST',
      json: { email: user.email, password: 'not-the-password-at-all' },
    })
    expect(wrong.status).toBe(401)
    const [failed] = await entriesFor(wrong.requestId)
    expect(failed).toMatchObject({
      action: 'login-failed',
      reason: 'wrong-password',
      email: user.email,
      documentId: String(user.user.id),
    })

    const unknown = await traced('/users/login', {
      method: 'POST',
      json: { email: 'Nobody-Here@Example.com ', password: 'not-the-password-at-all' },
    })
    expect(unknown.status).toBe(401)
    const [unknownEntry] = await entriesFor(unknown.requestId)
    expect(unknownEntry).toMatchObject({
      action: 'login-failed',
      reason: 'unknown-account',
      email: 'nobody-here@example.com',
    })
    expect(unknownEntry.user ?? null).toBeNull()

    const token = `JWT ${signedIn.body.token}`
    const changed = await traced(`/users/${user.user.id}`, {
      method: 'PATCH',
      auth: token,
      json: { password: 'a-brand-new-passphrase-42' },
    })
    expect(changed.status).toBe(200)
    const [passwordEntry] = await entriesFor(changed.requestId)
    expect(passwordEntry).toMatchObject({
      action: 'password-change',
      entity: 'users',
      documentId: String(user.user.id),
    })
    expect(passwordEntry.changedFields).toEqual(['password'])
    expect(idOf(passwordEntry.user)).toBe(String(user.user.id))
  })
})

describe('access to the audit trail', () => {
  it('lets admins read it, and nobody else', async () => {
    const asAdmin = await request(`${cms.api}/audit-logs?limit=5`, { auth: adminToken })
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.body.totalDocs).toBeGreaterThan(0)
    expect((await request(`${cms.api}/audit-logs`, { auth: editorToken })).status).toBe(403)
    expect((await request(`${cms.api}/audit-logs`)).status).toBe(403)
    const gql = await graphql(cms.api, '{ AuditLogs { docs { action } } }', editorToken)
    expect(gql.body.errors?.[0]?.message).toMatch(/not allowed/i)
  })

  it('refuses every write, even from admins, over REST, GraphQL and the Local API without overrideAccess', async () => {
    const [existing] = (await cms.payload.find({ collection: 'audit-logs', limit: 1, overrideAccess: true })).docs
    const before = await cms.payload.count({ collection: 'audit-logs', overrideAccess: true })
    expect(
      (await request(`${cms.api}/audit-logs`, { method: 'POST', auth: adminToken, json: { action: 'login' } })).status,
    ).toBe(403)
    expect(
      (
        await request(`${cms.api}/audit-logs/${existing.id}`, {
          method: 'PATCH',
          auth: adminToken,
          json: { action: 'delete' },
        })
      ).status,
    ).toBe(403)
    expect((await request(`${cms.api}/audit-logs/${existing.id}`, { method: 'DELETE', auth: adminToken })).status).toBe(
      403,
    )
    expect(
      (await request(`${cms.api}/audit-logs?where[id][exists]=true`, { method: 'DELETE', auth: adminToken })).status,
    ).toBe(403)
    const created = await graphql(cms.api, 'mutation { createAuditLog(data: { action: login }) { id } }', adminToken)
    expect(created.body.errors?.length).toBeGreaterThan(0)
    const removed = await graphql(
      cms.api,
      `mutation { deleteAuditLog(id: ${JSON.stringify(existing.id)}) { id } }`,
      adminToken,
    )
    expect(removed.body.errors?.length).toBeGreaterThan(0)

    const adminUser = await cms.payload.findByID({ collection: 'users', id: admin.user.id, overrideAccess: true })
    const asAdmin = { user: { ...adminUser, collection: 'users' as const }, overrideAccess: false }
    await expect(
      cms.payload.create({ collection: 'audit-logs', data: { action: 'login' }, ...asAdmin }),
    ).rejects.toThrow()
    await expect(
      cms.payload.update({ collection: 'audit-logs', id: existing.id, data: { action: 'delete' }, ...asAdmin }),
    ).rejects.toThrow()
    await expect(cms.payload.delete({ collection: 'audit-logs', id: existing.id, ...asAdmin })).rejects.toThrow()

    expect((await cms.payload.count({ collection: 'audit-logs', overrideAccess: true })).totalDocs).toBe(
      before.totalDocs,
    )
    const still = await cms.payload.findByID({ collection: 'audit-logs', id: existing.id, overrideAccess: true })
    expect(still.action).toBe(existing.action)
  })
})
