/**
 * Generated content for the growth benchmarks: N published posts with categories, authors, cover
 * images and rich-text bodies of a realistic size, publishedAt spread over the past years.
 *
 * Creating 100,000 posts through the Local API takes hours (hooks, validation, one version row and
 * a transaction per document), so only the few documents posts point at (categories, authors,
 * media) and one template post go through `payload.create`. The template's rows — `posts`,
 * `posts_rels`, and, since posts have drafts, its `_posts_v` version row (latest) and
 * `_posts_v_rels` — are then copied in batches through the adapter's own Drizzle tables, with the
 * per-post fields changed. Every copy is therefore stored exactly as Payload stores a published
 * post; test/int/generatedContent.int.test.ts reads generated posts back through the Local API
 * and compares them with one created by `payload.create`.
 *
 * Media: a few media documents (4 by default), each a small PNG that sharp draws and resizes
 * through the upload path (about a second each here); all posts share them, as sharp per post
 * would dominate the run. Populating a cover costs the same whichever media document it is.
 * SQL adapters only (SQLite, PostgreSQL): MongoDB has no Drizzle tables.
 */
import type { Payload } from 'payload'

import { refreshPlannerStatistics } from '../cms/src/database'
import { makeIllustration } from '../cms/src/seed/images'
import { richText } from '../cms/src/seed/lexical'

export interface GenerateOptions {
  posts: number
  categories?: number
  authors?: number
  media?: number
  /** Rows per INSERT statement. */
  batchSize?: number
  /** Starts every generated slug (default `gen`); a second run into the same database needs another. */
  prefix?: string
  /** Seed for the pseudo-random text, so two runs generate the same content. */
  seed?: number
  log?: (line: string) => void
}

export interface GeneratedContent {
  posts: number
  categorySlugs: string[]
  /** Slug of the i-th generated post (0-based). */
  postSlug: (index: number) => string
  /** Distinct words the bodies draw from, for search queries. */
  vocabulary: readonly string[]
  ms: number
}

type Row = Record<string, unknown>
type Table = Record<string, unknown>

interface DrizzleLike {
  select: () => { from: (table: Table) => { where: (condition: unknown) => Promise<Row[]> } }
  insert: (table: Table) => {
    values: (rows: Row[]) => { returning: (fields: Record<string, unknown>) => Promise<Array<{ id: number }>> }
  }
  execute?: (sql: unknown) => Promise<unknown>
}

interface SqlAdapter {
  name: string
  drizzle: DrizzleLike
  tables: Record<string, Table>
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'cache query index editor publish draft content schema release deploy server client render static ' +
  'request response latency budget review design system layout typography colour contrast image media ' +
  'category author archive feed search result page route build bundle module script style token secret ' +
  'migration backup restore database table column record version history preview schedule workflow ' +
  'team project client estimate scope sprint planning testing coverage fixture benchmark profile memory ' +
  'network browser mobile desktop accessible keyboard screen reader heading paragraph list link anchor ' +
  'performance reliability security privacy consent analytics metrics logs alert incident recovery'
).split(' ')

const capitalise = (word: string) => word[0].toUpperCase() + word.slice(1)

export async function generateContent(payload: Payload, options: GenerateOptions): Promise<GeneratedContent> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  const adapter = payload.db as unknown as SqlAdapter
  if (!adapter.drizzle || !adapter.tables?.posts)
    throw new Error('generateContent needs a SQL adapter (SQLite or PostgreSQL)')
  const { drizzle, tables } = adapter
  const rand = random(options.seed ?? 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ')
  const sentence = () => `${capitalise(words(8 + Math.floor(rand() * 12)))}.`
  const batchSize = options.batchSize ?? 250
  const categoryCount = options.categories ?? 12
  const authorCount = options.authors ?? 5
  const mediaCount = options.media ?? 4
  const prefix = options.prefix ?? 'gen'

  log(`generate: ${categoryCount} categories, ${authorCount} authors, ${mediaCount} media`)
  const categories: Array<{ id: number | string; slug: string }> = []
  for (let i = 0; i < categoryCount; i += 1) {
    const slug = `${prefix}-category-${i + 1}`
    const doc = await payload.create({
      collection: 'categories',
      data: { title: `Generated ${capitalise(pick(WORDS))} ${i + 1}`, slug, description: sentence() },
      overrideAccess: true,
    })
    categories.push({ id: doc.id, slug })
  }
  const authors: Array<{ id: number | string; name: string }> = []
  for (let i = 0; i < authorCount; i += 1) {
    const name = `Generated Author ${i + 1}`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email: `${prefix}-author-${i + 1}@bench.mspn.dev`,
        password: `Generated-author-passphrase-${i + 1}-7391`,
        name,
        role: 'author',
      },
      overrideAccess: true,
    })
    authors.push({ id: doc.id, name })
  }
  const media: Array<number | string> = []
  for (let i = 0; i < mediaCount; i += 1) {
    const data = await makeIllustration(`Generated ${i + 1}`, (i * 47) % 360, 480, 270)
    const doc = await payload.create({
      collection: 'media',
      data: { alt: `Generated illustration ${i + 1}` },
      file: { data, mimetype: 'image/png', name: `${prefix}-${i + 1}.png`, size: data.length },
      overrideAccess: true,
    })
    media.push(doc.id)
  }

  const postSlug = (index: number) => `${prefix}-post-${index + 1}`
  const DAY = 86_400_000
  const SPAN_DAYS = 5 * 365
  /** One post's own values: title, body (about 400–900 words), dates, relations. */
  const postValues = (index: number) => {
    const headings = 3 + Math.floor(rand() * 3)
    const outline: string[] = []
    for (let h = 0; h < headings; h += 1) {
      outline.push(`## ${capitalise(words(3 + Math.floor(rand() * 3)))}`)
      for (let p = 0; p < 2 + Math.floor(rand() * 2); p += 1)
        outline.push(Array.from({ length: 3 + Math.floor(rand() * 3) }, sentence).join(' '))
      if (rand() < 0.4) for (let l = 0; l < 3; l += 1) outline.push(`- ${sentence()}`)
    }
    const picked = new Set<number>([Math.floor(rand() * categories.length)])
    if (rand() < 0.5) picked.add(Math.floor(rand() * categories.length))
    const author = authors[index % authors.length]
    // Spread over five years, newest for the highest index, minutes apart so the order is total.
    const publishedAt = new Date(started - SPAN_DAYS * DAY * (1 - index / options.posts) - index * 1000).toISOString()
    return {
      title: `${capitalise(words(4 + Math.floor(rand() * 4)))} ${index + 1}`,
      slug: postSlug(index),
      excerpt: sentence(),
      content: richText(outline.join('\n')),
      coverImage: media[index % media.length],
      categories: [...picked].map((c) => categories[c].id),
      author: author.id,
      authorName: author.name,
      publishedAt,
      seoTitle: `${capitalise(words(5))} ${index + 1}`,
      seoDescription: sentence(),
    }
  }

  // The template: post 0, created as an editor would (through the Local API).
  const first = postValues(0)
  const template = await payload.create({
    collection: 'posts',
    data: {
      title: first.title,
      slug: first.slug,
      excerpt: first.excerpt,
      content: first.content,
      coverImage: first.coverImage as number,
      categories: first.categories as number[],
      author: first.author as number,
      publishedAt: first.publishedAt,
      seo: { title: first.seoTitle, description: first.seoDescription },
      _status: 'published',
    },
    draft: false,
    overrideAccess: true,
  })

  const { eq } = await importDrizzleOperators(adapter)
  const postRow = (await drizzle.select().from(tables.posts).where(eq(tables.posts.id, template.id)))[0]
  const versionTable = tables._posts_v
  const versionRows = await drizzle.select().from(versionTable).where(eq(versionTable.parent, template.id))
  const versionRow = versionRows.find((row) => row.latest) ?? versionRows[versionRows.length - 1]
  if (!postRow || !versionRow) throw new Error('generateContent: the template post was not stored as expected')
  const relsPath = 'categories'

  const withoutId = ({ id: _id, ...rest }: Row) => rest
  const mainFields = (values: ReturnType<typeof postValues>, now: string, prefix: '' | 'version_'): Row => ({
    [`${prefix}title`]: values.title,
    [`${prefix}slug`]: values.slug,
    [`${prefix}excerpt`]: values.excerpt,
    [`${prefix}coverImage`]: values.coverImage,
    [`${prefix}content`]: values.content,
    [`${prefix}author`]: values.author,
    [`${prefix}authorName`]: values.authorName,
    [`${prefix}publishedAt`]: values.publishedAt,
    [`${prefix}seo_title`]: values.seoTitle,
    [`${prefix}seo_description`]: values.seoDescription,
    [`${prefix}createdAt`]: now,
    [`${prefix}updatedAt`]: now,
  })

  log(`generate: ${options.posts} posts in batches of ${batchSize}`)
  for (let from = 1; from < options.posts; from += batchSize) {
    const values = Array.from({ length: Math.min(batchSize, options.posts - from) }, (_, i) => postValues(from + i))
    const now = new Date().toISOString()
    const inserted = await drizzle
      .insert(tables.posts)
      .values(values.map((v) => ({ ...withoutId(postRow), ...mainFields(v, now, '') })))
      .returning({ id: tables.posts.id })
    const versions = await drizzle
      .insert(versionTable)
      .values(
        values.map((v, i) => ({
          ...withoutId(versionRow),
          ...mainFields(v, now, 'version_'),
          parent: inserted[i].id,
          latest: true,
          autosave: false,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: versionTable.id })
    const rels = values.flatMap((v, i) =>
      v.categories.map((category, order) => ({
        order: order + 1,
        parent: inserted[i].id,
        path: relsPath,
        categoriesID: category,
      })),
    )
    const versionRels = values.flatMap((v, i) =>
      v.categories.map((category, order) => ({
        order: order + 1,
        parent: versions[i].id,
        path: `version.${relsPath}`,
        categoriesID: category,
      })),
    )
    if (rels.length) await drizzle.insert(tables.posts_rels).values(rels).returning({ id: tables.posts_rels.id })
    if (versionRels.length)
      await drizzle.insert(tables._posts_v_rels).values(versionRels).returning({ id: tables._posts_v_rels.id })
    if ((from - 1) % (batchSize * 40) === 0 && from > 1) log(`generate: ${from} posts`)
  }
  // Statistics for the planner now, as after a restore: autovacuum would take a minute to notice.
  if (await refreshPlannerStatistics(payload)) log('generate: planner statistics refreshed (ANALYZE)')
  const ms = Date.now() - started
  log(`generate: ${options.posts} posts in ${(ms / 1000).toFixed(1)} s`)
  return { posts: options.posts, categorySlugs: categories.map((c) => c.slug), postSlug, vocabulary: WORDS, ms }
}

/** `eq` from the drizzle-orm the adapter itself uses (it re-exports it), so the SQL objects match. */
async function importDrizzleOperators(
  adapter: SqlAdapter,
): Promise<{ eq: (column: unknown, value: unknown) => unknown }> {
  const module =
    adapter.name === 'postgres'
      ? await import('@payloadcms/db-postgres/drizzle')
      : await import('@payloadcms/db-sqlite/drizzle')
  return { eq: module.eq as (column: unknown, value: unknown) => unknown }
}
