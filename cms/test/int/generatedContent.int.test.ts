/**
 * The benchmarks' generated posts (bench/generateContent.ts) are written row by row through the
 * adapter's tables, not through the Local API: they must read back exactly as a post an editor
 * created, in every way the site and the admin read them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateContent, type GeneratedContent } from '../../../bench/generateContent'
import { startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

let cms: TestCms
let generated: GeneratedContent
const POSTS = 7

beforeAll(async () => {
  cms = await startTestCms()
  generated = await generateContent(cms.payload, { posts: POSTS, categories: 3, authors: 2, media: 2, batchSize: 4 })
})

afterAll(async () => {
  await cms?.stop()
})

const MACHINE_FIELDS = new Set(['id', 'slug', 'createdAt', 'updatedAt', 'parent'])
/** A document without the values that differ between any two documents (ids, slug, timestamps). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !MACHINE_FIELDS.has(key))
      .map(([key, child]) => [key, comparable(child)]),
  )
}

async function bySlug(slug: string, depth: number) {
  const result = await cms.payload.find({ collection: 'posts', where: { slug: { equals: slug } }, depth, limit: 1 })
  expect(result.docs).toHaveLength(1)
  return result.docs[0]
}

describe('generated content', () => {
  it('creates every post, published and visible to anonymous readers', async () => {
    const anonymous = await request(`${cms.api}/posts?limit=100&depth=0`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.totalDocs).toBe(POSTS)
    expect(new Set(anonymous.body.docs.map((doc: { slug: string }) => doc.slug))).toEqual(
      new Set(Array.from({ length: POSTS }, (_, i) => generated.postSlug(i))),
    )
  })

  it('stores a copied post exactly as payload.create stores the same data', async () => {
    const copied = await bySlug(generated.postSlug(5), 0)
    const { id: _id, slug: _slug, createdAt: _c, updatedAt: _u, ...data } = copied
    const created = await cms.payload.create({
      collection: 'posts',
      data: { ...data, slug: 'created-for-comparison', _status: 'published' },
      draft: false,
      overrideAccess: true,
    })
    for (const depth of [0, 1, 2]) {
      const [a, b] = [await bySlug(generated.postSlug(5), depth), await bySlug(created.slug as string, depth)]
      expect(comparable(a)).toEqual(comparable(b))
    }
    // The drafts view (latest version) and the version history agree too.
    const [draftA, draftB] = await Promise.all(
      [copied.id, created.id].map((id) => cms.payload.findByID({ collection: 'posts', id, draft: true, depth: 1 })),
    )
    expect(comparable(draftA)).toEqual(comparable(draftB))
    const [versionsA, versionsB] = await Promise.all(
      [copied.id, created.id].map((id) =>
        cms.payload.findVersions({ collection: 'posts', where: { parent: { equals: id } }, depth: 0 }),
      ),
    )
    expect(versionsA.totalDocs).toBe(1)
    expect(comparable(versionsA.docs[0])).toEqual(comparable(versionsB.docs[0]))
  })

  it('files posts under their categories, as the site lists them', async () => {
    const [category] = generated.categorySlugs
    const listed = await cms.payload.find({
      collection: 'posts',
      where: { 'categories.slug': { equals: category } },
      depth: 1,
      limit: 100,
    })
    expect(listed.totalDocs).toBeGreaterThan(0)
    for (const post of listed.docs)
      expect((post.categories ?? []).map((c) => (typeof c === 'object' ? c.slug : c))).toContain(category)
  })
})
