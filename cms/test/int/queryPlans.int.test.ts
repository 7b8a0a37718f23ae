/**
 * The site's reads use indexes: every SQL statement Payload runs for the blog's list, a deep page,
 * a category's list, a post by slug and the sitemap's all-slugs read is explained by the database,
 * and none may read a whole content table (SQLite `SCAN posts` without an index; PostgreSQL
 * `Seq Scan on posts` with sequential scans priced out, so only a missing index leaves one).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generatePosts } from '../helpers/generatePosts'
import { startTestCms, type TestCms } from '../helpers/cms'

const POSTS = 3000
/** Tables that grow with content; small lookup tables (categories, users) may be scanned. */
const BIG_TABLES = ['posts', 'posts_rels', '_posts_v', '_posts_v_rels']

interface Statement {
  sql: string
  params: unknown[]
}

const CARD =
  'depth=1&select[title]=true&select[slug]=true&select[excerpt]=true&select[coverImage]=true' +
  '&select[categories]=true&select[authorName]=true&select[publishedAt]=true' +
  '&populate[categories][title]=true&populate[categories][slug]=true&populate[media][url]=true&populate[media][alt]=true'

/** Shapes the fast read's compiled ID query answers (idQuery.ts): its statements are explained too. */
const COMPILED = new Set(['newest list', 'deep page', 'category list', 'post by slug', 'all slugs'])

const SHAPES: Record<string, string> = {
  'newest list': `posts?sort=-publishedAt&limit=9&page=1&${CARD}`,
  'deep page': `posts?sort=-publishedAt&limit=9&page=250&${CARD}`,
  'category list': `posts?sort=-publishedAt&limit=9&page=3&where[categories.slug][equals]=category-3&${CARD}`,
  'post by slug': `posts?where[slug][equals]=generated-post-1234&limit=1&depth=1`,
  'all slugs': `posts?sort=-publishedAt&pagination=false&limit=100&depth=0&select[slug]=true&select[updatedAt]=true`,
}

let cms: TestCms
let statements: Statement[] = []

interface PlanLine {
  /** 0 for the statement's own loop, else the subquery or co-routine it belongs to (SQLite). */
  parent: number
  detail: string
}

async function explain({ sql, params }: Statement): Promise<PlanLine[]> {
  if (cms.db.kind === 'postgres') {
    const client = new pg.Client({ connectionString: cms.db.url })
    await client.connect()
    try {
      // Priced out, a sequential scan is chosen only where no index can serve the query.
      await client.query('SET enable_seqscan = off')
      const result = await client.query(`EXPLAIN ${sql}`, params)
      return result.rows.map((row: { 'QUERY PLAN': string }) => ({ parent: 0, detail: row['QUERY PLAN'] }))
    } finally {
      await client.end()
    }
  }
  const client = (cms.payload.db as unknown as { client: { execute: (q: object) => Promise<{ rows: unknown[] }> } })
    .client
  const result = await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params })
  return result.rows.map((row) => {
    const { parent, detail } = row as { parent: number; detail: string }
    return { parent: Number(parent), detail: String(detail) }
  })
}

/** The names a big table goes by in a statement: its own and the aliases Drizzle gives it. */
function bigTableNames(sql: string): Set<string> {
  const names = new Set(BIG_TABLES)
  for (const [, table, alias] of sql.matchAll(/"(\w+)"\s+"([\w-]+)"/g))
    if (BIG_TABLES.includes(table as string)) names.add(alias as string)
  return names
}

/**
 * The plan lines that make a read cost in proportion to a whole big table: a full scan of it, and on
 * SQLite also sorting the statement's rows in a temporary b-tree when it reads a big table (every
 * matching row is read, and its columns computed, before the first is returned).
 */
function fullScans(sql: string, plan: PlanLine[]): string[] {
  const names = bigTableNames(sql)
  if (cms.db.kind === 'postgres')
    return plan
      .map((line) => line.detail)
      .filter((line) => [...line.matchAll(/Seq Scan on "?(\w+)"?/g)].some(([, table]) => names.has(table as string)))
  // A co-routine (a subquery's rows) can share its alias with the table inside it; scanning it is fine.
  for (const line of plan) names.delete(/^CO-ROUTINE (\S+)/.exec(line.detail)?.[1] ?? '')
  const readsBigTable = plan.some(
    (line) => line.parent === 0 && [...names].some((name) => new RegExp(`^(SCAN|SEARCH) ${name}\\b`).test(line.detail)),
  )
  return plan
    .filter(
      (line) =>
        [...names].some((name) => new RegExp(`^SCAN ${name}( AS \\w+)?$`).test(line.detail)) ||
        (readsBigTable && line.parent === 0 && line.detail === 'USE TEMP B-TREE FOR ORDER BY'),
    )
    .map((line) => line.detail)
}

describe('query plans of the site reads', () => {
  beforeAll(async () => {
    cms = await startTestCms({ env: { CACHE_ENABLED: 'false', READ_COALESCING: 'false' } })
    await generatePosts(cms.payload, POSTS)
    if (cms.db.kind === 'postgres') {
      const client = new pg.Client({ connectionString: cms.db.url })
      await client.connect()
      await client.query('ANALYZE')
      await client.end()
    }
    const session = (cms.payload.db as unknown as { drizzle: { session: { logger: unknown } } }).drizzle.session
    session.logger = { logQuery: (sql: string, params: unknown[]) => statements.push({ sql, params }) }
  })
  afterAll(async () => {
    await cms?.stop()
  })

  for (const [shape, query] of Object.entries(SHAPES)) {
    it(`${shape}: no full scan of a content table`, async () => {
      statements = []
      const compiled = cms.app.fastRead!.counters.compiled
      const response = await fetch(`${cms.api}/${query}`)
      expect(response.status).toBe(200)
      expect(cms.app.fastRead!.counters.compiled - compiled).toBe(COMPILED.has(shape) ? 1 : 0)
      const body = (await response.json()) as { docs: unknown[] }
      expect(body.docs.length).toBeGreaterThan(0)
      const reads = statements.filter((s) => /^\s*select/i.test(s.sql))
      expect(reads.length).toBeGreaterThan(0)
      const problems: string[] = []
      for (const statement of reads) {
        const plan = await explain(statement)
        const scans = fullScans(statement.sql, plan)
        if (scans.length > 0) problems.push(`${statement.sql}\n  ${scans.join('\n  ')}`)
        if (isFill(statement.sql) && !byPrimaryKey(plan))
          problems.push(`${statement.sql}\n  not by primary key:\n  ${plan.map((line) => line.detail).join('\n  ')}`)
      }
      expect(problems).toEqual([])
    })
  }

  it('fills documents by primary key, however deep the page (the fast read asks Payload for them by ID)', async () => {
    statements = []
    const response = await fetch(`${cms.api}/${SHAPES['deep page']!.replace('page=250', 'page=280')}`)
    expect(response.status).toBe(200)
    const fills = statements.filter((statement) => isFill(statement.sql))
    expect(fills.length).toBeGreaterThan(0)
    for (const fill of fills) expect(byPrimaryKey(await explain(fill)), fill.sql).toBe(true)
  })
})

/** Payload's find of posts by a list of IDs (the fast read's fill): `id in` bound values, not a subquery. */
const isFill = (sql: string) => /^\s*select/i.test(sql) && /"posts"\."id" in \((\?|\$\d)/.test(sql)

/**
 * The posts are looked up by key, not found by walking another index until every ID has turned up:
 * SQLite searches by rowid (`rowid=?`, on its own or after an equality prefix), PostgreSQL uses the
 * primary key's index.
 */
function byPrimaryKey(plan: PlanLine[]): boolean {
  if (cms.db.kind === 'postgres') return plan.some((line) => /\bposts_pkey\b/.test(line.detail))
  return plan.some((line) => line.parent === 0 && /^SEARCH posts .*\browid=\?/.test(line.detail))
}
