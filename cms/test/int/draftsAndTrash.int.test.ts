/**
 * Drafts for the site's globals and the trash for content, on every database:
 * - a draft navigation stays invisible to visitors (REST, GraphQL, the cached public read path),
 *   is what a preview token shows, and reaches visitors (and the site's purge) only when published;
 * - a trashed document leaves every public read (REST, GraphQL, the cache) and is purged on the site;
 *   restoring brings it back (and purges again); emptying the trash is for admins only.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ContentChange } from '@mspn/contract'
import { previewExpiry, signPreviewToken } from '@mspn/contract/preview-token'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { contentEvents } from '../../src/hooks/contentEvents'
import { createUser, login, startTestCms, type TestCms } from '../helpers/cms'
import { graphql, request } from '../helpers/http'

const PREVIEW_SECRET = 'preview-secret-for-drafts-and-trash-0123'
const REVALIDATE_SECRET = 'revalidation-secret-for-drafts-and-trash-01'

let cms: TestCms
let editorAuth: string
let adminAuth: string
let editorId: number
/** Purge requests the stand-in site received, as `kind:slug:operation` lists. */
const purges: string[][] = []
const site = http.createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (req.url === '/_cache/invalidate') {
      const { changes } = JSON.parse(body) as { changes: ContentChange[] }
      purges.push(changes.map((c) => `${c.kind}:${c.slug}:${c.operation}`))
    }
    res.end('{}')
  })
})
/** What the hooks announced as visible to visitors (the site's purge listens to these), in order. */
const published: ContentChange[] = []
const onPublished = (change: ContentChange) => published.push(change)

const waitForPurge = async (entry: string) => {
  for (let attempt = 0; attempt < 200 && !purges.flat().includes(entry); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
  return purges.flat()
}

const navItems = (label: string) => [{ link: { type: 'custom', url: '/somewhere', label } }]
const labelsOf = (doc: { items?: { link: { label: string } }[] } | undefined) =>
  (doc?.items ?? []).map((item) => item.link.label)

beforeAll(async () => {
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  cms = await startTestCms({
    env: { PREVIEW_SECRET, REVALIDATE_SECRET, SITE_URL: siteUrl, SITE_INVALIDATE_URLS: siteUrl },
  })
  const editor = await createUser(cms, 'editor')
  const admin = await createUser(cms, 'admin')
  editorId = editor.user.id
  editorAuth = await login(cms, editor.email, editor.password)
  adminAuth = await login(cms, admin.email, admin.password)
  contentEvents.on('published', onPublished)
}, 180_000)

afterAll(async () => {
  contentEvents.off('published', onPublished)
  await cms?.stop()
  site.close()
})

beforeEach(() => {
  published.length = 0
})

describe('drafts for globals', () => {
  const publicNavigation = () => request(`${cms.api}/globals/navigation?depth=0`)

  it('keeps a draft navigation from visitors until it is published, then purges the site', async () => {
    const first = await request(`${cms.api}/globals/navigation`, {
      method: 'POST',
      auth: editorAuth,
      json: { items: navItems('Published link'), _status: 'published' },
    })
    expect(first.status).toBe(200)
    expect(published.map((c) => `${c.kind}:${c.slug}`)).toEqual(['global:navigation'])
    expect(await waitForPurge('global:navigation:update')).toContain('global:navigation:update')

    // Read through the public read path (response cache), then save a draft (as autosave does: draft=true).
    const before = await publicNavigation()
    expect(labelsOf(before.body)).toEqual(['Published link'])
    expect(before.headers.get('x-cache')).toMatch(/^(HIT|MISS)$/)
    published.length = 0
    purges.length = 0
    const draft = await request(`${cms.api}/globals/navigation?draft=true`, {
      method: 'POST',
      auth: editorAuth,
      json: { items: navItems('Draft link'), _status: 'draft' },
    })
    expect(draft.status).toBe(200)
    expect(published, 'a draft save changes nothing visitors see').toEqual([])

    // Visitors: REST through the public read path (cache), draft=true, GraphQL with draft: true.
    const cached = await publicNavigation()
    expect(cached.headers.get('x-cache')).toMatch(/^(HIT|MISS)$/)
    expect(labelsOf(cached.body)).toEqual(['Published link'])
    const askingForDraft = await request(`${cms.api}/globals/navigation?depth=0&draft=true`)
    expect(labelsOf(askingForDraft.body)).toEqual(['Published link'])
    const gql = await graphql(cms.api, '{ Navigation(draft: true) { items { link { label } } } }')
    expect(gql.body.errors).toBeUndefined()
    expect(labelsOf(gql.body.data?.Navigation)).toEqual(['Published link'])
    const versions = await request(`${cms.api}/globals/navigation/versions`)
    expect(versions.status).toBe(403)

    // The editor sees the draft.
    const asEditor = await request(`${cms.api}/globals/navigation?depth=0&draft=true`, { auth: editorAuth })
    expect(labelsOf(asEditor.body)).toEqual(['Draft link'])

    // Publishing makes it public and tells the site.
    const publish = await request(`${cms.api}/globals/navigation`, {
      method: 'POST',
      auth: editorAuth,
      json: { items: navItems('Draft link'), _status: 'published' },
    })
    expect(publish.status).toBe(200)
    expect(published.map((c) => `${c.kind}:${c.slug}`)).toEqual(['global:navigation'])
    expect(await waitForPurge('global:navigation:update')).toContain('global:navigation:update')
    expect(labelsOf((await publicNavigation()).body)).toEqual(['Draft link'])
    const gqlAfter = await graphql(cms.api, '{ Navigation { items { link { label } } } }')
    expect(labelsOf(gqlAfter.body.data?.Navigation)).toEqual(['Draft link'])
  })

  it('shows the draft globals through a preview token, for a global or any previewed document', async () => {
    await request(`${cms.api}/globals/footer?draft=true`, {
      method: 'POST',
      auth: editorAuth,
      json: { note: 'Draft footer note', _status: 'draft' },
    })
    expect(((await request(`${cms.api}/globals/footer?depth=0`)).body as { note?: string }).note).not.toBe(
      'Draft footer note',
    )
    const globalToken = signPreviewToken(PREVIEW_SECRET, {
      collection: 'globals',
      id: 'footer',
      userId: String(editorId),
      expiresAt: previewExpiry(),
    })
    const page = await cms.payload.create({
      collection: 'pages',
      data: { title: 'Previewed page', _status: 'draft', layout: [{ blockType: 'hero', heading: 'Hi' }] },
      draft: true,
      overrideAccess: true,
    })
    const pageToken = signPreviewToken(PREVIEW_SECRET, {
      collection: 'pages',
      id: String(page.id),
      userId: String(editorId),
      expiresAt: previewExpiry(),
    })
    for (const token of [globalToken, pageToken]) {
      const response = await request(`${cms.api}/preview/globals/footer?depth=0&select[note]=true`, {
        headers: { 'x-preview-token': token },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-store, private')
      expect(response.body.doc.note).toBe('Draft footer note')
    }
    // The global's own token also answers on /preview, like a document's.
    const own = await request(`${cms.api}/preview?depth=0`, { headers: { 'x-preview-token': globalToken } })
    expect(own.body.doc.note).toBe('Draft footer note')

    const refused = await request(`${cms.api}/preview/globals/footer`, { headers: { 'x-preview-token': 'nope' } })
    expect(refused.status).toBe(401)
    expect(refused.body.errors[0].code).toBe('PREVIEW_TOKEN_MALFORMED')
    const unknown = await request(`${cms.api}/preview/globals/users`, { headers: { 'x-preview-token': globalToken } })
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors[0].code).toBe('NOT_FOUND')
  })

  it('offers Preview and live preview for the globals in the admin', async () => {
    for (const global of cms.payload.config.globals) {
      expect(global.versions && global.versions.drafts, global.slug).toBeTruthy()
      const url = await global.admin.preview!(
        {},
        { req: { user: { id: editorId } } as never, locale: 'en', token: null },
      )
      const token = new URL(String(url)).searchParams.get('token')!
      expect(token.startsWith(`v1.globals.${global.slug}.`)).toBe(true)
      const answer = await request(`${cms.api}/preview?depth=0`, { headers: { 'x-preview-token': token } })
      expect(answer.status, global.slug).toBe(200)
    }
    expect(cms.payload.config.admin.livePreview?.globals).toEqual(['site-settings', 'navigation', 'footer'])
  })
})

describe('trash', () => {
  const create = async (title: string) =>
    (await cms.payload.create({
      collection: 'services',
      data: { title, summary: `${title} summary`, _status: 'published' },
      overrideAccess: true,
    })) as { id: number; slug: string }
  const publicTitles = async () =>
    ((await request(`${cms.api}/services?depth=0&limit=100`)).body.docs as { title: string }[]).map((d) => d.title)

  it('takes a trashed document out of every public read, purges it, and restores it', async () => {
    const doc = await create('Binned service')
    expect(await publicTitles()).toContain('Binned service')
    expect((await request(`${cms.api}/services?depth=0&limit=100`)).headers.get('x-cache')).toMatch(/^(HIT|MISS)$/)
    published.length = 0
    purges.length = 0

    const trash = await request(`${cms.api}/services/${doc.id}`, {
      method: 'PATCH',
      auth: editorAuth,
      json: { deletedAt: new Date().toISOString() },
    })
    expect(trash.status).toBe(200)
    expect(published.map((c) => `${c.slug}:${c.id}:${c.operation}`)).toEqual([`services:${doc.id}:delete`])
    expect(await waitForPurge('collection:services:delete')).toContain('collection:services:delete')

    // Visitors: list (cached path), by id, asking for the trash, filtering on deletedAt, GraphQL.
    expect(await publicTitles()).not.toContain('Binned service')
    expect((await request(`${cms.api}/services/${doc.id}?depth=0`)).status).toBe(404)
    const asking = await request(`${cms.api}/services?depth=0&trash=true&where[deletedAt][exists]=true`)
    expect(asking.status).toBe(200)
    expect(asking.body.docs).toEqual([])
    expect((await request(`${cms.api}/services/${doc.id}?depth=0&trash=true`)).status).toBe(404)
    const gql = await graphql(
      cms.api,
      `{ list: Services(trash: true, limit: 100) { docs { title } } one: Service(id: ${doc.id}, trash: true) { title } }`,
    )
    expect(gql.body.data?.list?.docs.map((d: { title: string }) => d.title)).not.toContain('Binned service')
    expect(gql.body.data?.one ?? null).toBeNull()
    // A preview of it is gone too.
    const token = signPreviewToken(PREVIEW_SECRET, {
      collection: 'services',
      id: String(doc.id),
      userId: String(editorId),
      expiresAt: previewExpiry(),
    })
    expect((await request(`${cms.api}/preview`, { headers: { 'x-preview-token': token } })).status).toBe(404)

    // Editors find it in the trash.
    const bin = await request(`${cms.api}/services?depth=0&trash=true&where[deletedAt][exists]=true`, {
      auth: editorAuth,
    })
    expect(bin.body.docs.map((d: { id: number }) => d.id)).toEqual([doc.id])

    // Restore (over GraphQL here): back for visitors, and the site is told.
    published.length = 0
    purges.length = 0
    const restore = await graphql(
      cms.api,
      `mutation { updateService(id: ${doc.id}, trash: true, data: { deletedAt: null }) { title deletedAt } }`,
      editorAuth,
    )
    expect(restore.body.errors).toBeUndefined()
    expect(restore.body.data?.updateService).toEqual({ title: 'Binned service', deletedAt: null })
    expect(published.map((c) => `${c.slug}:${c.id}:${c.operation}`)).toEqual([`services:${doc.id}:update`])
    expect(await waitForPurge('collection:services:update')).toContain('collection:services:update')
    expect(await publicTitles()).toContain('Binned service')
    const back = await graphql(cms.api, `{ Service(id: ${doc.id}) { title } }`)
    expect(back.body.data?.Service).toEqual({ title: 'Binned service' })
  })

  it('lets editors move to the trash but only admins delete for good (REST, GraphQL, Local API)', async () => {
    const doc = await create('Doomed service')
    const stillThere = async () =>
      (
        await cms.payload.find({
          collection: 'services',
          where: { id: { equals: doc.id } },
          trash: true,
          overrideAccess: true,
        })
      ).totalDocs === 1

    const editorDelete = await request(`${cms.api}/services/${doc.id}`, { method: 'DELETE', auth: editorAuth })
    expect(editorDelete.status).toBe(403)
    const editorGql = await graphql(cms.api, `mutation { deleteService(id: ${doc.id}) { id } }`, editorAuth)
    expect(editorGql.body.errors?.[0]?.extensions?.statusCode).toBe(403)
    const editorUser = await cms.payload.findByID({ collection: 'users', id: editorId, overrideAccess: true })
    await expect(
      cms.payload.delete({
        collection: 'services',
        id: doc.id,
        overrideAccess: false,
        user: { ...editorUser, collection: 'users' },
      }),
    ).rejects.toThrow()
    expect(await stillThere()).toBe(true)

    // In the trash, an editor still cannot empty it (asking with trash=true finds the document).
    await cms.payload.update({
      collection: 'services',
      id: doc.id,
      data: { deletedAt: new Date().toISOString() },
      overrideAccess: true,
    })
    const fromTrash = await request(`${cms.api}/services/${doc.id}?trash=true`, { method: 'DELETE', auth: editorAuth })
    expect(fromTrash.status).toBe(403)
    const bulk = await request(`${cms.api}/services?trash=true&where[id][equals]=${doc.id}`, {
      method: 'DELETE',
      auth: editorAuth,
    })
    expect(bulk.body.docs ?? []).toEqual([])
    expect(await stillThere()).toBe(true)

    // An author cannot even move things to the trash.
    const author = await createUser(cms, 'author')
    const authorAuth = await login(cms, author.email, author.password)
    const other = await create('Kept service')
    const authorTrash = await request(`${cms.api}/services/${other.id}`, {
      method: 'PATCH',
      auth: authorAuth,
      json: { deletedAt: new Date().toISOString() },
    })
    expect(authorTrash.status).toBe(403)

    const adminDelete = await request(`${cms.api}/services/${doc.id}?trash=true`, { method: 'DELETE', auth: adminAuth })
    expect(adminDelete.status).toBe(200)
    expect(await stillThere()).toBe(false)
  })

  it('is on for every public content collection except media', () => {
    const trashed = cms.payload.config.collections.filter((c) => c.trash).map((c) => c.slug)
    expect(trashed.sort()).toEqual(['categories', 'demos', 'pages', 'posts', 'projects', 'services', 'testimonials'])
  })
})
