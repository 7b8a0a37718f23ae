/**
 * The fast list read (publicReads/fastRead.ts) against Payload's own handler: for every public
 * collection and random list queries of the shapes the site and the SDK send (where on the
 * collection's fields and on related slugs, one or two sort keys, limit, page past the end, select
 * in both modes, populate, depth 0–2), the fast server's answer has the same status, content type
 * and bytes as a server over the same Payload with the fast read off. Again after each kind of
 * change: publish, unpublish, trash, delete, a category renamed, a media item's alt text.
 * Names Payload does not read (cache-busters, campaign tags) are drawn too and ignored by both.
 * Queries outside its shapes (unknown fields, drafts, sessions, other parameters Payload reads) are Payload's.
 * Every comparison is also made with a second fast server whose memory holds almost nothing, so its
 * answers come from the projections on disk and its background projection (projectionStore.ts).
 *
 * Seeded (FAST_CHECK_SEED, printed), so a failure replays.
 */
import fc from 'fast-check'
import type { CollectionSlug, FlattenedField } from 'payload'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { PUBLIC_COLLECTIONS } from '@mspn/contract'

import type { CmsApp } from '../../src/server'
import { SETTLE_MS } from '../../src/server/publicReads/cache'
import { createFastRead } from '../../src/server/publicReads/fastRead'
import { ADMIN, login, startTestCms, type TestCms } from '../helpers/cms'

const SEED = Number(process.env.FAST_CHECK_SEED ?? 20261206)
const RUNS = 100
const RUNS_AFTER_CHANGE = 25

let cms: TestCms
let reference: string
let adminAuth: string
/** A fast server with 3 KB of memory for projections: they come from disk, and variants are projected after 5 misses. */
let stored: { api: string; app: CmsApp }
const STORED = { FAST_READ_MAX_BYTES: '4096', FAST_READ_PROJECT_AFTER: '5' }

beforeAll(async () => {
  const quiet = { CACHE_ENABLED: 'false', READ_COALESCING: 'false', RATE_LIMIT_API_PER_MINUTE: '1000000' }
  cms = await startTestCms({ seed: true, env: quiet })
  reference = await cms.extraApp({ ...quiet, FAST_READ_MAX_BYTES: '0' })
  stored = await cms.extraServer({ ...quiet, ...STORED })
  adminAuth = await login(cms, ADMIN.email, ADMIN.password)
  console.info(`fastRead differential test: FAST_CHECK_SEED=${SEED}`)
})

afterAll(async () => {
  await cms?.stop()
})

type Query = Record<string, unknown>

/** `{ where: { slug: { in: ['a'] } } }` → `where[slug][in][0]=a`, as the site's client and Payload's SDK send it. */
function queryString(query: Query): string {
  const params = new URLSearchParams()
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return
    if (value !== null && typeof value === 'object')
      for (const [child, inner] of Object.entries(value)) add(`${key}[${child}]`, inner)
    else params.append(key, String(value))
  }
  for (const [key, value] of Object.entries(query)) add(key, value)
  return params.toString()
}

interface Answer {
  status: number
  type: string | null
  body: string
}

async function get(url: string, auth?: string): Promise<Answer> {
  const response = await fetch(url, { headers: auth ? { authorization: auth } : {} })
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

/** Error answers carry each request's own ID; everything else must match byte for byte. */
const withoutRequestId = (answer: Answer): Answer => ({
  ...answer,
  body: answer.body.replace(/"requestId":"[^"]*"/, '"requestId":"…"'),
})

const SORTABLE = new Set(['text', 'date', 'number', 'select', 'email', 'checkbox'])

interface Shape {
  slug: CollectionSlug
  fields: FlattenedField[]
  /** Values present in the collection (drafts included), per field or `relation.slug` path. */
  values: Map<string, unknown[]>
  /** Related collections (populate targets) and their field names. */
  related: Map<string, string[]>
}

async function shapeOf(slug: CollectionSlug): Promise<Shape> {
  const config = cms.payload.collections[slug].config
  const fields = config.flattenedFields.filter((field) => field.name !== '_status')
  const { docs } = await cms.payload.find({ collection: slug, depth: 1, limit: 200, draft: true, overrideAccess: true })
  const values = new Map<string, unknown[]>()
  const related = new Map<string, string[]>()
  const note = (path: string, value: unknown) => {
    if (value === null || value === undefined || typeof value === 'object') return
    const list = values.get(path) ?? []
    if (!list.includes(value)) list.push(value)
    values.set(path, list)
  }
  for (const doc of docs as unknown as Record<string, unknown>[]) {
    note('id', doc.id)
    for (const field of fields) {
      const value = doc[field.name]
      if (SORTABLE.has(field.type)) note(field.name, value)
      if ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string') {
        for (const item of [value].flat()) {
          if (item && typeof item === 'object') {
            note(`${field.name}.slug`, (item as Record<string, unknown>).slug)
            note(field.name, (item as Record<string, unknown>).id)
          }
        }
        const target = cms.payload.collections[field.relationTo as CollectionSlug]?.config
        if (target)
          related.set(
            field.relationTo,
            target.flattenedFields.map((f) => f.name),
          )
      }
    }
  }
  return { slug, fields, values, related }
}

/** A fixed selection and population per collection, standing for the site's card of it. */
function cardOf(shape: Shape) {
  const cardSelect = Object.fromEntries(shape.fields.slice(0, 4).map((field) => [field.name, true]))
  const cardPopulate = Object.fromEntries(
    [...shape.related].map(([target, fields]) => [
      target,
      Object.fromEntries(fields.slice(0, 3).map((k) => [k, true])),
    ]),
  )
  return { cardSelect, cardPopulate }
}

/** Whole-collection lists at each depth (one as cards): every document a list shows, before and after a change. */
function wholeLists(shape: Shape): Query[] {
  const { cardSelect, cardPopulate } = cardOf(shape)
  return [
    { limit: 100, depth: 0 },
    { limit: 100, depth: 1, select: cardSelect, populate: cardPopulate },
    { limit: 100, depth: 2 },
    // The same filter paged: answered from its ordered ID list once read (idQuery.ts), until a change.
    { limit: 2, page: 2, depth: 0 },
  ]
}

/** Array and block row IDs (ObjectId hex), which Payload makes up afresh when it did not read them. */
const withoutRowIds = (answer: Answer): Answer => ({
  ...answer,
  body: answer.body.replace(/"id":"[0-9a-f]{24}"/g, '"id":"…"'),
})

async function compare(slug: CollectionSlug, query: Query): Promise<void> {
  const path = `/${slug}?${queryString(query)}`
  const fast = withoutRequestId(await get(`${cms.api}${path}`))
  const fromDisk = withoutRequestId(await get(`${stored.api}${path}`))
  const payload = withoutRequestId(await get(`${reference}${path}`))
  if (fast.body === payload.body && fromDisk.body === payload.body) return
  // Payload 3.90 gives two answers to some exclusion selects (`select[slug]=false` on pages): the
  // nested array rows' IDs are not selected, and each read invents new ones. Only when Payload
  // disagrees with itself are those IDs set aside; every other byte must still match.
  const again = withoutRequestId(await get(`${reference}${path}`))
  if (again.body !== payload.body) {
    expect(withoutRowIds(again), `${path} (Payload's two answers differ beyond row IDs)`).toEqual(
      withoutRowIds(payload),
    )
    expect(withoutRowIds(fast), path).toEqual(withoutRowIds(payload))
    expect(withoutRowIds(fromDisk), `${path} (projections on disk)`).toEqual(withoutRowIds(payload))
    return
  }
  expect(fast, path).toEqual(payload)
  expect(fromDisk, `${path} (projections on disk)`).toEqual(payload)
}

/** Every whole list, once Payload's commit lag has passed (so the fast server keeps what it reads). */
async function compareWholeLists(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))
  for (const slug of PUBLIC_COLLECTIONS) for (const query of wholeLists(await shapeOf(slug))) await compare(slug, query)
}

/** A random list query of the shapes the site and the SDK use, for one collection. */
function queryArbitrary(shape: Shape): fc.Arbitrary<Query> {
  const paths = [...shape.values.keys()]
  const sortable = [
    'id',
    'createdAt',
    'updatedAt',
    ...shape.fields.filter((f) => SORTABLE.has(f.type)).map((f) => f.name),
  ]
  const names = shape.fields.map((field) => field.name)
  const valueOf = (path: string) => fc.constantFrom(...(shape.values.get(path) ?? ['none']), 'no-such-value')
  const condition = paths.length
    ? fc.constantFrom(...paths).chain((path) =>
        fc.oneof(
          valueOf(path).map((value) => ({ [path]: { equals: value } })),
          valueOf(path).map((value) => ({ [path]: { not_equals: value } })),
          fc.array(valueOf(path), { minLength: 1, maxLength: 3 }).map((list) => ({ [path]: { in: list } })),
          fc.boolean().map((exists) => ({ [path]: { exists } })),
          valueOf(path).map((value) => ({ [path]: { like: String(value).slice(0, 4) } })),
          valueOf(path).map((value) => ({ [path]: { greater_than_equal: value } })),
        ),
      )
    : fc.constant({})
  const where = fc.oneof(
    condition,
    fc.array(condition, { minLength: 1, maxLength: 2 }).map((and) => ({ and })),
    fc.array(condition, { minLength: 1, maxLength: 2 }).map((or) => ({ or })),
  )
  const sortKey = fc.tuple(fc.constantFrom(...sortable), fc.boolean()).map(([key, down]) => (down ? `-${key}` : key))
  const sort = fc.oneof(
    sortKey,
    fc.array(sortKey, { minLength: 2, maxLength: 2 }).map((keys) => keys.join(',')),
  )
  // The site asks for a few fixed selections per collection (its cards and pages): mostly those, so
  // projections are reused across queries, and now and then a random one.
  const randomSelect = fc.oneof(
    fc.subarray(names, { minLength: 1, maxLength: 4 }).map((keys) => Object.fromEntries(keys.map((k) => [k, true]))),
    fc.subarray(names, { minLength: 1, maxLength: 2 }).map((keys) => Object.fromEntries(keys.map((k) => [k, false]))),
  )
  const { cardSelect, cardPopulate } = cardOf(shape)
  const select = fc.oneof(
    { arbitrary: fc.constantFrom(undefined, cardSelect), weight: 4 },
    { arbitrary: randomSelect, weight: 1 },
  )
  const randomPopulate = [...shape.related].length
    ? fc
        .constantFrom(...shape.related)
        .chain(([target, fields]) =>
          fc
            .subarray(fields, { minLength: 1, maxLength: 3 })
            .map((keys) => ({ [target]: Object.fromEntries(keys.map((k) => [k, true])) })),
        )
    : fc.constant(undefined)
  const populate = fc.oneof(
    { arbitrary: fc.constantFrom(undefined, cardPopulate), weight: 4 },
    { arbitrary: randomPopulate, weight: 1 },
  )
  return fc.record(
    {
      where,
      sort,
      limit: fc.integer({ min: 1, max: 12 }),
      page: fc.integer({ min: 1, max: 6 }),
      depth: fc.integer({ min: 0, max: 2 }),
      select,
      populate,
      draft: fc.constant('false'),
      pagination: fc.constantFrom('false', 'true'),
      // Names Payload does not read (a cache-buster, a campaign tag): ignored by both, so the fast path too.
      _b: fc.integer({ min: 1, max: 99 }),
      utm_source: fc.constantFrom('newsletter', 'where[x]', ''),
    },
    { requiredKeys: [] },
  )
}

/**
 * The site's own list reads (the compiled ID query's shapes): a post or page by slug, a category's
 * posts, published or draft status, newest first, at a page that may lie past the end, as cards.
 */
function siteArbitrary(shape: Shape): fc.Arbitrary<Query> {
  const { cardSelect, cardPopulate } = cardOf(shape)
  const has = (name: string) => cms.payload.collections[shape.slug].config.flattenedFields.some((f) => f.name === name)
  const wheres: fc.Arbitrary<Query | undefined>[] = [fc.constant(undefined)]
  const slugs = shape.values.get('slug')
  if (slugs) wheres.push(fc.constantFrom(...slugs, 'no-such-slug').map((slug) => ({ slug: { equals: slug } })))
  const categories = shape.values.get('categories.slug')
  if (categories)
    wheres.push(
      fc.constantFrom(...categories, 'no-such-category').map((slug) => ({ 'categories.slug': { equals: slug } })),
      fc
        .tuple(fc.constantFrom(...categories), fc.constantFrom('published', 'draft'))
        .map(([slug, status]) => ({ and: [{ 'categories.slug': { equals: slug } }, { _status: { equals: status } }] })),
    )
  if (has('_status'))
    wheres.push(fc.constantFrom('published', 'draft').map((status) => ({ _status: { equals: status } })))
  const sorts = [undefined, '-createdAt', ...(has('publishedAt') ? ['-publishedAt'] : [])]
  return fc.record(
    {
      where: fc.oneof(...wheres),
      sort: fc.constantFrom(...sorts),
      limit: fc.constantFrom(1, 3, 9, 12),
      page: fc.integer({ min: 1, max: 8 }),
      // The site reads documents and whole lists unpaginated (no count).
      pagination: fc.constantFrom(undefined, 'false'),
      // The site's card, always the same: what one site list reads, the next reuses.
      depth: fc.constant(1),
      select: fc.constant(cardSelect),
      populate: fc.constant(cardPopulate),
    },
    { requiredKeys: ['where', 'sort', 'limit', 'page', 'pagination', 'depth', 'select', 'populate'] },
  )
}

/** Runs random queries on every public collection and compares both servers' answers. */
async function compareEverywhere(runs: number, seed: number): Promise<void> {
  const shapes = await Promise.all(PUBLIC_COLLECTIONS.map((slug) => shapeOf(slug)))
  const cases = fc.oneof(
    ...shapes.map((shape) =>
      fc.oneof(queryArbitrary(shape), siteArbitrary(shape)).map((query) => ({ slug: shape.slug, query })),
    ),
  )
  await fc.assert(
    fc.asyncProperty(cases, ({ slug, query }) => compare(slug, query)),
    { numRuns: runs, seed, endOnFailure: true },
  )
}

/** Until `server` has no variant left to project (or 30 s). */
async function projected(server: { app: CmsApp }): Promise<void> {
  const deadline = Date.now() + 30_000
  while (server.app.fastRead!.stored().projecting > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100))
  expect(server.app.fastRead!.stored().projecting).toBe(0)
}

async function firstId(collection: CollectionSlug, where: Record<string, unknown> = {}) {
  const { docs } = await cms.payload.find({ collection, where: where as never, limit: 1, overrideAccess: true })
  return docs[0]!.id
}

describe('fast list read (differential against Payload)', () => {
  it('answers random list queries on every public collection exactly as Payload does', async () => {
    const before = { ...cms.app.fastRead!.counters }
    const storedBefore = { ...stored.app.fastRead!.counters }
    await compareEverywhere(RUNS, SEED)
    const after = cms.app.fastRead!.counters
    console.info(`fastRead counters ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
    console.info(`fastRead counters, projections on disk: ${JSON.stringify(stored.app.fastRead!.counters)}`)
    // The second server answered from disk, and projected in the background (once what it started is done).
    await projected(stored)
    expect(stored.app.fastRead!.counters.storeHits - storedBefore.storeHits).toBeGreaterThan(0)
    expect(stored.app.fastRead!.counters.projected - storedBefore.projected).toBeGreaterThan(0)
    // It did the work: answered requests, and both reused and filled projections.
    expect(after.served - before.served).toBeGreaterThan(RUNS / 2)
    expect(after.hits - before.hits).toBeGreaterThan(0)
    expect(after.misses - before.misses).toBeGreaterThan(0)
    // And most of the site's shapes took the compiled ID query, not Payload's find.
    expect(after.compiled - before.compiled).toBeGreaterThan(RUNS / 3)
  })

  let unpublished: number | string | undefined
  const changes: [string, () => Promise<unknown>][] = [
    [
      'an unpublish',
      async () => {
        unpublished = await firstId('posts', { _status: { equals: 'published' } })
        await cms.payload.update({
          collection: 'posts',
          id: unpublished,
          data: { _status: 'draft' } as never,
          overrideAccess: true,
        })
      },
    ],
    [
      'a publish',
      () =>
        cms.payload.update({
          collection: 'posts',
          id: unpublished!,
          data: { _status: 'published', title: 'Published again' } as never,
          overrideAccess: true,
        }),
    ],
    [
      'a move to the trash',
      async () =>
        cms.payload.update({
          collection: 'posts',
          id: await firstId('posts', { _status: { equals: 'published' } }),
          data: { deletedAt: new Date().toISOString() } as never,
          overrideAccess: true,
        }),
    ],
    [
      'a delete',
      async () =>
        cms.payload.delete({
          collection: 'testimonials',
          id: await firstId('testimonials'),
          overrideAccess: true,
        }),
    ],
    [
      'a category renamed',
      async () =>
        cms.payload.update({
          collection: 'categories',
          id: await firstId('categories'),
          data: { title: 'Renamed category', slug: 'renamed-category' } as never,
          overrideAccess: true,
        }),
    ],
    [
      "a media item's alt text",
      async () =>
        cms.payload.update({
          collection: 'media',
          id: await firstId('media'),
          data: { alt: 'A new description of the image' } as never,
          overrideAccess: true,
        }),
    ],
  ]
  changes.forEach(([name, change], index) => {
    it(`still answers as Payload does after ${name}`, async () => {
      // The fast server holds every document of every list before the change, and must not serve one stale.
      await compareWholeLists()
      const before = cms.app.fastRead!.counters.hits
      const storeHits = stored.app.fastRead!.counters.storeHits
      await compareWholeLists()
      expect(cms.app.fastRead!.counters.hits).toBeGreaterThan(before)
      expect(stored.app.fastRead!.counters.storeHits).toBeGreaterThan(storeHits)
      await change()
      await compareWholeLists()
      const compiled = cms.app.fastRead!.counters.compiled
      await compareEverywhere(RUNS_AFTER_CHANGE, SEED + index + 1)
      expect(cms.app.fastRead!.counters.compiled).toBeGreaterThan(compiled)
    })
  })
})

describe('concurrent misses', () => {
  it("share one fill per variant, and every answer is still Payload's", async () => {
    // Published posts (what an anonymous visitor can open).
    const { docs } = await cms.payload.find({
      collection: 'posts',
      limit: 12,
      depth: 0,
      select: { slug: true },
      overrideAccess: false,
    })
    const slugs = docs.map((doc) => (doc as { slug: string }).slug)
    expect(slugs.length).toBeGreaterThan(3)
    // A post page's read per slug, as the site sends it, all at once; a content change first drops every projection.
    cms.app.fastRead!.invalidate()
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))
    const paths = slugs.map((slug) => `/posts?where[slug][equals]=${slug}&limit=1&depth=2&_b=concurrent`)
    const before = { ...cms.app.fastRead!.counters }
    const fast = await Promise.all(paths.map((path) => get(`${cms.api}${path}`)))
    const after = cms.app.fastRead!.counters
    expect(after.served - before.served).toBe(paths.length)
    expect(after.misses - before.misses).toBe(paths.length)
    // Fewer Payload finds than requests: the misses arrived together and were filled together.
    expect(after.fills - before.fills).toBeLessThan(paths.length)
    for (const [index, path] of paths.entries()) {
      const payload = await get(`${reference}${path}`)
      expect(withoutRequestId(fast[index]!), path).toEqual(withoutRequestId(payload))
      expect((JSON.parse(payload.body) as { totalDocs: number }).totalDocs).toBe(1)
    }
  })
})

describe('population shared by fills', () => {
  /**
   * Payload finds run to populate relation targets (fills themselves call findOperation directly), by
   * collection, for each path read in turn; then each answer is compared with Payload's handler (which
   * populates through payload.find too, so only once the counts are taken, and without delaying the reads).
   */
  async function populatingFinds(...paths: string[]): Promise<Record<string, number>[]> {
    const answers: Answer[] = []
    const counts: Record<string, number>[] = []
    const finds = vi.spyOn(cms.payload, 'find')
    try {
      for (const path of paths) {
        finds.mockClear()
        answers.push(await get(`${cms.api}${path}`))
        const byCollection: Record<string, number> = {}
        for (const [args] of finds.mock.calls) byCollection[args.collection] = (byCollection[args.collection] ?? 0) + 1
        counts.push(byCollection)
      }
    } finally {
      finds.mockRestore()
    }
    for (const [index, path] of paths.entries())
      expect(withoutRequestId(answers[index]!), path).toEqual(withoutRequestId(await get(`${reference}${path}`)))
    return counts
  }
  const first = '/posts?sort=title&limit=4&depth=1&_b=shared'
  // Another variant (its select) of the same posts: a fill of its own, the same categories and images.
  const second = `${first}&select[title]=true&select[categories]=true&select[coverImage]=true`
  const settled = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))

  it('read each relation target once since the last change, and again after one', async () => {
    cms.app.fastRead!.invalidate()
    await settled()
    const [loaded, again] = await populatingFinds(first, second)
    expect(loaded!.categories).toBeGreaterThan(0)
    expect(again).toEqual({})

    // A change drops what was loaded: the next fills read again (and, within the commit window, do not share).
    cms.app.fastRead!.invalidate()
    expect(await populatingFinds(first, second)).toEqual([loaded, loaded])
    await settled()
    cms.app.fastRead!.invalidate()
    await settled()
    expect(await populatingFinds(first, second)).toEqual([loaded, {}])
  })
})

describe('statements rendered once per where shape', () => {
  it('answer each request with its own values: the same shape with other values, list lengths, exists and pages', async () => {
    const published = await cms.payload.find({
      collection: 'posts',
      where: { _status: { equals: 'published' } },
      sort: 'createdAt',
      limit: 3,
      depth: 0,
    })
    const [a, b, c] = published.docs as { id: number; slug: string }[]
    expect(c).toBeDefined()
    const paths = [
      // One shape, three values: each answer is its own post.
      `/posts?where[slug][equals]=${a!.slug}&limit=1&depth=0`,
      `/posts?where[slug][equals]=${b!.slug}&limit=1&depth=0`,
      `/posts?where[slug][equals]=${c!.slug}&limit=1&depth=0`,
      // Lists of different lengths are different statements; the same length with other members is not.
      `/posts?where[id][in][0]=${a!.id}&where[id][in][1]=${b!.id}&depth=0`,
      `/posts?where[id][in][0]=${a!.id}&where[id][in][1]=${c!.id}&depth=0`,
      `/posts?where[id][in][0]=${c!.id}&depth=0`,
      // exists picks IS NULL or IS NOT NULL: never one statement for both.
      `/posts?where[publishedAt][exists]=true&depth=0&limit=2`,
      `/posts?where[publishedAt][exists]=false&depth=0&limit=2`,
      // Limit and offset are values of the statement too.
      `/posts?limit=1&page=2&depth=0`,
      `/posts?limit=2&page=2&depth=0`,
    ]
    const compiled = cms.app.fastRead!.counters.compiled
    const bodies = new Set<string>()
    for (const path of paths) {
      const fast = await get(`${cms.api}${path}`)
      expect(withoutRequestId(fast), path).toEqual(withoutRequestId(await get(`${reference}${path}`)))
      bodies.add(fast.body)
    }
    expect(cms.app.fastRead!.counters.compiled).toBe(compiled + paths.length)
    // Every request had its own answer (none was served another request's values).
    expect(bodies.size).toBe(paths.length)
  })
})

describe('ordered ID lists (a filter read again is paged from the IDs it matched)', () => {
  it('answer every page and total as Payload does, past the last page too', async () => {
    // As after a change: nothing held, nothing seen; then the commit window passes.
    cms.app.fastRead!.invalidate()
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))
    const [category] = (await cms.payload.find({ collection: 'categories', limit: 1, depth: 0, sort: 'id' })).docs as {
      slug: string
    }[]
    const filters = [
      'sort=-publishedAt',
      `where[categories.slug][equals]=${category!.slug}&sort=-publishedAt`,
      'where[title][not_equals]=nothing&sort=title',
    ]
    const { listed, listFills } = cms.app.fastRead!.lists
    for (const filter of filters)
      for (const page of [1, 2, 3, 50]) {
        const path = `/posts?${filter}&limit=2&page=${page}&depth=0`
        const fast = await get(`${cms.api}${path}`)
        expect(withoutRequestId(fast), path).toEqual(withoutRequestId(await get(`${reference}${path}`)))
      }
    // Page 1 counts and pages in the database; page 2 reads the filter's list, which pages 3 and 50 reuse.
    expect(cms.app.fastRead!.lists.listFills - listFills).toBe(filters.length)
    expect(cms.app.fastRead!.lists.listed - listed).toBe(filters.length * 3)
  })
})

describe('unpaginated reads (pagination=false, as the site reads documents and whole lists)', () => {
  it("take the compiled query with a limit, and Payload's find for the IDs without one; both as Payload answers", async () => {
    const withLimit = [
      '/posts?pagination=false&limit=2&page=2&sort=-publishedAt',
      '/categories?pagination=false&limit=100',
    ]
    for (const path of withLimit) {
      const compiled = cms.app.fastRead!.counters.compiled
      const fast = await get(`${cms.api}${path}`)
      expect(withoutRequestId(fast), path).toEqual(withoutRequestId(await get(`${reference}${path}`)))
      expect(cms.app.fastRead!.counters.compiled, path).toBe(compiled + 1)
      // No count: the totals are the page's own.
      const body = JSON.parse(fast.body) as {
        totalPages: number
        hasNextPage: boolean
        docs: unknown[]
        totalDocs: number
      }
      expect([body.totalPages, body.hasNextPage, body.totalDocs]).toEqual([1, false, body.docs.length])
    }
    // Read again under other URLs (as a cache-buster or a tracking parameter makes them): the second
    // read lists the filter whole, the third is a slice of that list; the answers stay Payload's.
    cms.app.fastRead!.invalidate()
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))
    const bySlug = `/posts?where[slug][equals]=${(await cms.payload.find({ collection: 'posts', limit: 1, depth: 0 })).docs[0]!.slug}&limit=1&pagination=false&depth=1`
    for (const path of [...withLimit, bySlug]) {
      const { listed, listFills } = cms.app.fastRead!.lists
      for (const round of [1, 2, 3]) {
        const again = `${path}&_b=${round}`
        expect(withoutRequestId(await get(`${cms.api}${again}`)), again).toEqual(
          withoutRequestId(await get(`${reference}${again}`)),
        )
      }
      expect([cms.app.fastRead!.lists.listFills - listFills, cms.app.fastRead!.lists.listed - listed], path).toEqual([
        1, 2,
      ])
    }
    const path = '/posts?pagination=false&depth=0'
    const { compiled, served } = cms.app.fastRead!.counters
    const fast = await get(`${cms.api}${path}`)
    expect(withoutRequestId(fast)).toEqual(withoutRequestId(await get(`${reference}${path}`)))
    expect(cms.app.fastRead!.counters.compiled).toBe(compiled)
    expect(cms.app.fastRead!.counters.served).toBe(served + 1)
  })
})

describe('a beforeOperation hook that rewrites reads', () => {
  it("is honoured: the compiled query declines and Payload's find applies the hook", async () => {
    const config = cms.payload.collections.testimonials.config
    const hooks = (config.hooks.beforeOperation ??= [])
    // A hook of the kind a developer might add: anonymous reads see only the first testimonial.
    const first = await firstId('testimonials')
    const narrow = (({ args, operation }) => {
      if (operation !== 'read') return args
      const read = args as { where?: Record<string, unknown> }
      read.where = { and: [read.where ?? {}, { id: { equals: first } }] }
      return args
    }) as (typeof hooks)[number]
    hooks.push(narrow)
    try {
      const compiled = cms.app.fastRead!.counters.compiled
      const fast = await get(`${cms.api}/testimonials?limit=5&depth=0`)
      const reference_ = await get(`${reference}/testimonials?limit=5&depth=0`)
      expect(withoutRequestId(fast)).toEqual(withoutRequestId(reference_))
      expect((JSON.parse(fast.body) as { totalDocs: number }).totalDocs).toBe(1)
      expect(cms.app.fastRead!.counters.compiled).toBe(compiled)
    } finally {
      hooks.splice(hooks.indexOf(narrow), 1)
    }
    // Without it, the same read is compiled again.
    const compiled = cms.app.fastRead!.counters.compiled
    await get(`${cms.api}/testimonials?limit=5&depth=0&_b=2`)
    expect(cms.app.fastRead!.counters.compiled).toBe(compiled + 1)
  })
})

describe('requests outside the fast shapes are left to Payload', () => {
  const declined: [string, string, string?][] = [
    ['a where on an unknown field', '/posts?where[nope][equals]=1'],
    ['a draft read without a session', '/posts?draft=true&limit=3'],
    ['another parameter Payload reads (trash)', '/posts?trash=true&limit=3'],
    ['pagination neither true nor false', '/posts?pagination=0&limit=3&_b=1'],
    ['a locale', '/posts?locale=en&limit=3'],
    ['a join parameter', '/categories?joins[posts][limit]=1'],
    ['a document by ID', '/posts/1?depth=1'],
    ['a non-numeric limit', '/posts?limit=ten'],
    ['a signed-in draft read', '/posts?draft=true&limit=50&depth=0', 'admin'],
  ]
  for (const [name, path, who] of declined) {
    it(`${name}: Payload's answer`, async () => {
      const auth = who ? adminAuth : undefined
      const served = cms.app.fastRead!.counters.served
      const fast = await get(`${cms.api}${path}`, auth)
      const payload = await get(`${reference}${path}`, auth)
      expect(cms.app.fastRead!.counters.served).toBe(served)
      expect(withoutRequestId(fast)).toEqual(withoutRequestId(payload))
    })
  }

  it('a signed-in editor still gets drafts, which anonymous lists never show', async () => {
    await cms.payload.create({
      collection: 'posts',
      data: { title: 'Only a draft', slug: 'only-a-draft', _status: 'draft' } as never,
      draft: true,
      overrideAccess: true,
    })
    const query = '/posts?where[slug][equals]=only-a-draft&depth=0'
    const editor = JSON.parse((await get(`${cms.api}${query}&draft=true`, adminAuth)).body) as { totalDocs: number }
    const anonymous = JSON.parse((await get(`${cms.api}${query}`)).body) as { totalDocs: number }
    expect(editor.totalDocs).toBe(1)
    expect(anonymous.totalDocs).toBe(0)
  })
})

describe('projections on disk and the background projection', () => {
  it('stay in memory when their file cannot be made, and say why', async () => {
    const errors: unknown[] = []
    const read = createFastRead({
      payload: cms.payload,
      maxBytes: 1024 * 1024,
      storeMaxBytes: 1024 * 1024,
      projectAfter: 5,
      storeDir: '/nonexistent/mspn-projections',
      onStoreWriteError: (error) => errors.push(error),
    })
    try {
      expect(String(errors[0])).toMatch(/ENOENT/)
      expect(read.stored()).toEqual({ documents: 0, bytes: 0, full: false, projecting: 0 })
    } finally {
      read.close()
    }
  })

  it('stop at the disk reserve set by FAST_READ_STORE_RESERVE_BYTES, answer from Payload, and say so on /metrics', async () => {
    // A reserve larger than any disk: the first write finds the disk down to it.
    const own = await cms.extraServer({
      CACHE_ENABLED: 'false',
      READ_COALESCING: 'false',
      ...STORED,
      FAST_READ_PROJECT_AFTER: '0',
      FAST_READ_STORE_RESERVE_BYTES: String(Number.MAX_SAFE_INTEGER),
    })
    const read = own.app.fastRead!
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))
    for (const page of [1, 2]) {
      const path = `/posts?${queryString({ depth: 1, limit: 3, page, _b: 'reserve' })}`
      expect(withoutRequestId(await get(`${own.api}${path}`)), path).toEqual(
        withoutRequestId(await get(`${reference}${path}`)),
      )
    }
    expect(read.counters.misses).toBeGreaterThan(0)
    expect(read.stored()).toMatchObject({ documents: 0, bytes: 0, full: true })
    const metrics = await (await fetch(`${own.api.replace(/\/api\/v1$/, '')}/metrics`)).text()
    expect(metrics).toMatch(/^mspn_fast_read_store_full 1$/m)
  })

  it("project a variant's whole collection after it keeps missing, answer from disk, and again after a change", async () => {
    // A server of its own: the other comparisons' variants do not take its slots.
    const own = await cms.extraServer({ CACHE_ENABLED: 'false', READ_COALESCING: 'false', ...STORED })
    const read = own.app.fastRead!
    const cards = {
      depth: 1,
      select: { title: true, slug: true, coverImage: true, categories: true },
      _b: 'projection',
    }
    const pages = async (limit: number, count: number): Promise<void> => {
      for (let page = 1; page <= count; page += 1) {
        const path = `/posts?${queryString({ ...cards, limit, page })}`
        const answer = withoutRequestId(await get(`${own.api}${path}`))
        expect(answer, path).toEqual(withoutRequestId(await get(`${reference}${path}`)))
      }
    }
    const published = (await cms.payload.count({ collection: 'posts', overrideAccess: false })).totalDocs
    expect(published).toBeGreaterThan(6)
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50))

    // Two pages of three: six misses, past FAST_READ_PROJECT_AFTER (5). The rest is projected in the background.
    // (Nothing changed since this server started, so it starts at once.)
    await pages(3, 2)
    await projected(own)
    expect(read.counters.projected).toBe(published - 6)
    expect(read.stored().documents).toBe(published)

    // Every page of every size now comes from disk (the 3 KB of memory holds almost nothing): no fill.
    const { fills, misses, storeHits } = read.counters
    await pages(4, Math.ceil(published / 4))
    expect(read.counters.fills).toBe(fills)
    expect(read.counters.misses).toBe(misses)
    expect(read.counters.storeHits - storeHits).toBeGreaterThan(published / 2)

    // A change empties the disk at once; once content is quiet the variant is projected again, with the change.
    const id = await firstId('posts', { _status: { equals: 'published' } })
    await cms.payload.update({
      collection: 'posts',
      id,
      data: { title: 'Projected again after the change' } as never,
      overrideAccess: true,
    })
    expect(read.stored().documents).toBe(0)
    expect(read.stored().projecting).toBe(1)
    await projected(own)
    expect(read.counters.projected).toBe(published - 6 + published)
    const fillsAfter = read.counters.fills
    await pages(4, Math.ceil(published / 4))
    expect(read.counters.fills).toBe(fillsAfter)
    const titles = await get(`${own.api}/posts?${queryString({ ...cards, limit: 100, where: { id: { equals: id } } })}`)
    expect(titles.body).toContain('Projected again after the change')

    // /metrics says where the documents came from, how much is on disk, and that nothing is waiting.
    const metrics = await (await fetch(`${own.api.replace(/\/api\/v1$/, '')}/metrics`)).text()
    expect(metrics).toMatch(/mspn_fast_read_documents_total\{source="stored"\} [1-9]/)
    expect(metrics).toMatch(/mspn_fast_read_documents_total\{source="projected"\} [1-9]/)
    expect(metrics).toMatch(/^mspn_fast_read_store_bytes [1-9]/m)
    expect(metrics).toMatch(/^mspn_fast_read_projecting 0$/m)
    expect(metrics).toMatch(/^mspn_fast_read_store_full 0$/m)

    // Read since the last change: projected again after the next one. Not read since: it gives up its place.
    const change = (title: string) =>
      cms.payload.update({ collection: 'posts', id, data: { title } as never, overrideAccess: true })
    await change('Changed a second time')
    expect(read.stored().projecting).toBe(1)
    await projected(own)
    expect(read.stored().documents).toBe(published)
    await change('Changed a third time, the shape unread since')
    expect(read.stored()).toMatchObject({ documents: 0, projecting: 0 })
  })
})
