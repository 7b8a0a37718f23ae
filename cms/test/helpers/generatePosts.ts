/**
 * Bulk content for query-plan tests: published and draft posts with categories, inserted through
 * the adapter's own Drizzle tables (no hooks, no validation), so 10,000 rows take seconds.
 * A sketch of a site's blog, not a benchmark fixture (bench/ has its own generator).
 */
import type { Payload } from 'payload'

interface DrizzleLike {
  insert: (table: unknown) => { values: (rows: object[]) => Promise<unknown> }
}

const richText = (text: string) => ({
  root: {
    type: 'root',
    version: 1,
    direction: null,
    format: '',
    indent: 0,
    children: [
      {
        type: 'paragraph',
        version: 1,
        direction: null,
        format: '',
        indent: 0,
        children: [{ type: 'text', version: 1, text, format: 0, mode: 'normal', style: '', detail: 0 }],
      },
    ],
  },
})

export interface GeneratedPosts {
  categorySlugs: string[]
  postSlugs: string[]
}

/** Inserts `count` posts (every tenth a draft), each in one or two of `categories` categories. */
export async function generatePosts(payload: Payload, count: number, categories = 8): Promise<GeneratedPosts> {
  const categoryIds: (number | string)[] = []
  const categorySlugs: string[] = []
  for (let i = 0; i < categories; i++) {
    const category = await payload.create({
      collection: 'categories',
      data: { title: `Category ${i}`, slug: `category-${i}` },
      overrideAccess: true,
    })
    categoryIds.push(category.id)
    categorySlugs.push(category.slug as string)
  }
  const db = payload.db as unknown as { drizzle: DrizzleLike; tables: Record<string, unknown> }
  const start = Date.parse('2020-01-01T00:00:00Z')
  const postSlugs: string[] = []
  const chunk = 200
  for (let offset = 0; offset < count; offset += chunk) {
    const rows = []
    for (let i = offset; i < Math.min(count, offset + chunk); i++) {
      const at = new Date(start + i * 3_600_000).toISOString()
      const slug = `generated-post-${i}`
      postSlugs.push(slug)
      rows.push({
        title: `Generated post ${i}`,
        slug,
        excerpt: `Excerpt of generated post ${i}`,
        content: richText(`Body of generated post ${i}`),
        authorName: 'Generator',
        publishedAt: at,
        updatedAt: at,
        createdAt: at,
        _status: i % 10 === 9 ? 'draft' : 'published',
      })
    }
    const inserted = (await (
      db.drizzle.insert(db.tables.posts) as unknown as {
        values: (rows: object[]) => { returning: () => Promise<{ id: number }[]> }
      }
    )
      .values(rows)
      .returning()) as { id: number }[]
    const rels = inserted.flatMap((post, index) => {
      const n = offset + index
      const first = { parent: post.id, path: 'categories', order: 1, categoriesID: categoryIds[n % categories] }
      return n % 3 === 0
        ? [first, { parent: post.id, path: 'categories', order: 2, categoriesID: categoryIds[(n + 1) % categories] }]
        : [first]
    })
    await db.drizzle.insert(db.tables.posts_rels).values(rels)
  }
  return { categorySlugs, postSlugs }
}
