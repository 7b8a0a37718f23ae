/** The demo content a newcomer gets, served over REST and GraphQL, and the seed's idempotence. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { isEmptyDatabase, seed } from '../../src/seed'
import { ADMIN, login, startTestCms, type TestCms } from '../helpers/cms'
import { graphql, request } from '../helpers/http'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
  expect(await isEmptyDatabase(cms.payload)).toBe(true)
  const first = await seed(cms.payload, { admin: ADMIN })
  expect(first.created).toBeGreaterThan(40)
  expect(first.admin).toEqual({ email: ADMIN.email })
})

afterAll(async () => {
  await cms?.stop()
})

const countAll = async () => {
  const counts: Record<string, number> = {}
  for (const collection of [
    'pages',
    'posts',
    'services',
    'projects',
    'demos',
    'testimonials',
    'categories',
    'media',
    'users',
  ] as const) {
    counts[collection] = (await cms.payload.count({ collection, overrideAccess: true })).totalDocs
  }
  return counts
}

describe('seed', () => {
  it('creates a realistic studio: services, projects, posts with drafts, pages, demos, testimonials', async () => {
    const counts = await countAll()
    expect(counts.services).toBeGreaterThanOrEqual(6)
    expect(counts.projects).toBeGreaterThanOrEqual(6)
    expect(counts.posts).toBeGreaterThanOrEqual(10)
    expect(counts.demos).toBe(3)
    expect(counts.testimonials).toBeGreaterThanOrEqual(3)
    expect(counts.users).toBe(1)
    const drafts = await cms.payload.count({
      collection: 'posts',
      where: { _status: { equals: 'draft' } },
      overrideAccess: true,
    })
    expect(drafts.totalDocs).toBeGreaterThan(0)
    const slugs = (await cms.payload.find({ collection: 'pages', overrideAccess: true, depth: 0 })).docs
      .map((p) => p.slug)
      .sort()
    expect(slugs).toEqual(expect.arrayContaining(['about', 'contact', 'home', 'services']))
    const home = (await cms.payload.find({ collection: 'pages', where: { slug: { equals: 'home' } }, depth: 0 }))
      .docs[0]
    expect(home.layout.map((b) => b.blockType)).toEqual([
      'hero',
      'servicesGrid',
      'projectsGrid',
      'testimonials',
      'demoEmbed',
      'callToAction',
    ])
  })

  it('is idempotent: a second run creates nothing and keeps editors’ changes', async () => {
    const before = await countAll()
    const service = (await cms.payload.find({ collection: 'services', limit: 1, depth: 0 })).docs[0]
    await cms.payload.update({
      collection: 'services',
      id: service.id,
      data: { summary: 'Edited by an editor.' },
      overrideAccess: true,
    })
    const second = await seed(cms.payload, { admin: ADMIN })
    expect(second.created).toBe(0)
    expect(second.admin).toBeUndefined()
    expect(await countAll()).toEqual(before)
    const after = await cms.payload.findByID({ collection: 'services', id: service.id, depth: 0 })
    expect(after.summary).toBe('Edited by an editor.')
  })

  it('makes images with generated WebP and AVIF sizes', async () => {
    const media = (await cms.payload.find({ collection: 'media', limit: 1 })).docs[0]
    expect(media.alt).toBeTruthy()
    expect(media.sizes?.card?.mimeType).toBe('image/webp')
    expect(media.sizes?.cardAvif?.mimeType).toBe('image/avif')
    const file = await fetch(`${cms.url}${new URL(String(media.sizes?.thumbnail?.url), cms.url).pathname}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/webp')
  })
})

describe('public API on the seeded database', () => {
  it('GET /api/v1/posts returns published posts only, newest first, paginated', async () => {
    const { status, body } = await request(`${cms.api}/posts?limit=5&depth=0`)
    expect(status).toBe(200)
    expect(body.totalDocs).toBe(10)
    expect(body.docs).toHaveLength(5)
    expect(body.hasNextPage).toBe(true)
    expect(body.docs.every((p: { _status: string }) => p._status === 'published')).toBe(true)
    const dates = body.docs.map((p: { publishedAt: string }) => Date.parse(p.publishedAt))
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
  })

  it('GraphQL answers with the same published content and populated relations', async () => {
    const { status, body } = await graphql(
      cms.api,
      '{ Posts(limit: 3) { totalDocs docs { title slug categories { title } coverImage { alt } } } }',
    )
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data.Posts.totalDocs).toBe(10)
    expect(body.data.Posts.docs[0].categories[0].title).toBeTruthy()
    expect(body.data.Posts.docs[0].coverImage.alt).toBeTruthy()
  })

  it('serves globals to everyone', async () => {
    const settings = await request(`${cms.api}/globals/site-settings`)
    expect(settings.body.siteName).toBe('MSPN DEV')
    const nav = await request(`${cms.api}/globals/navigation`)
    expect(nav.body.items.map((i: { link: { label: string } }) => i.link.label)).toContain('Blog')
  })

  it('refuses a depth beyond the limit by capping it', async () => {
    const { status, body } = await request(`${cms.api}/pages?where[slug][equals]=home&depth=50`)
    expect(status).toBe(200)
    expect(body.docs[0].title).toBe('Home')
  })

  it('lets the seeded admin sign in and see drafts', async () => {
    const token = await login(cms, ADMIN.email, ADMIN.password)
    const me = await request(`${cms.api}/users/me`, { auth: token })
    expect(me.body.user.role).toBe('admin')
    const all = await request(`${cms.api}/posts?draft=true&limit=0`, { auth: token })
    expect(all.body.totalDocs).toBe(13)
  })

  it('answers 404 for an unknown API route and a missing document', async () => {
    expect((await request(`${cms.api}/no-such-collection`)).status).toBe(404)
    expect((await request(`${cms.api}/posts/999999`)).status).toBe(404)
    expect((await request(`${cms.url}/health`)).body).toMatchObject({ status: 'ok' })
  })
})
