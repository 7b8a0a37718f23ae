/**
 * `npm run bench:growth [-- --max 100000] [--reads search,…] [--compare <file>]`: how the site's reads cost as content
 * grows. For each size (1,000 and 10,000 posts; 100,000 with `--max 100000`) and each database
 * (BENCH_DB=sqlite|postgres, or both when unset), a fresh target (server.ts, our stack with the
 * response cache off) on generated content (generateContent.ts) is loaded with one kind of read at
 * a time, every URL distinct: the blog's newest page, a random page of it, a post by slug, a
 * category's page, and site search (`/api/v1/search?q=…`). Prints p95 and req/s per read and size
 * with the growth factor from the smallest size, and writes bench/results/growth-<dbs>-<time>.json.
 * Generating content is timed and reported too (the 100,000-post run takes several minutes per database).
 */
import {
  compare,
  compareFile,
  CONNECTIONS,
  DURATION_S,
  measure,
  startTarget,
  writeResults,
  untilProjected,
  type Figures,
  type Plan,
} from './harness'

const at = process.argv.indexOf('--max')
const max = at >= 0 ? Number(process.argv[at + 1]) : 10_000
const SIZES = [1_000, 10_000, 100_000].filter((size) => size <= max)
const DATABASES = process.env.BENCH_DB ? [process.env.BENCH_DB] : ['sqlite', 'postgres']
const ALL_KINDS: Array<[keyof Plan['kinds'], string]> = [
  ['newest', 'blog, newest page'],
  ['randomPage', 'blog, random page'],
  ['document', 'post by slug'],
  ['category', 'category page'],
  ['search', 'search'],
]
// `--reads search,document`: measure only these reads (by the names above).
const readsAt = process.argv.indexOf('--reads')
const wanted = readsAt >= 0 ? (process.argv[readsAt + 1] ?? '').split(',') : ALL_KINDS.map(([kind]) => kind)
const unknown = wanted.filter((kind) => !ALL_KINDS.some(([known]) => known === kind))
if (unknown.length > 0)
  throw new Error(`--reads: unknown ${unknown.join(', ')} (reads: ${ALL_KINDS.map(([kind]) => kind).join(', ')})`)
const KINDS = ALL_KINDS.filter(([kind]) => wanted.includes(kind))

/** req/s and p95, or why there are none (no read finished inside the run: latency above BENCH_DURATION). */
const cell = (c: Figures | undefined) =>
  !c ? '–' : c.requests === 0 ? 'none finished' : `${c.rps}, ${c.p95}${c.errors ? ` (${c.errors} errors)` : ''}`

const rows: Array<Figures & { db: string; posts: number; read: string }> = []
const generation: Array<{ db: string; posts: number; generateMs: number }> = []
for (const db of DATABASES) {
  for (const size of SIZES) {
    process.stderr.write(`bench:growth: ${db}, ${size} posts\n`)
    const target = await startTarget({ BENCH_DB: db, BENCH_POSTS: String(size), BENCH_TARGETS: 'uncached' })
    try {
      generation.push({ db, posts: target.posts, generateMs: target.generateMs })
      for (const [kind, read] of KINDS) {
        const name = `${db} ${size} ${read}`
        const port = target.ports.uncached
        const figures = await measure(name, port, target.plan.kinds[kind], false, () => untilProjected(name, port))
        rows.push({ ...figures, db, posts: size, read })
      }
    } finally {
      await target.stop()
    }
  }
}

console.log(
  `\nOur stack, response cache off; ${CONNECTIONS} connections, ${DURATION_S} s per read, every URL distinct.\n`,
)
console.log(`| database | read | ${SIZES.map((s) => `${s} posts: req/s, p95 ms`).join(' | ')} | p95 growth |`)
console.log(`| --- | --- | ${SIZES.map(() => '---:').join(' | ')} | ---: |`)
for (const db of DATABASES) {
  for (const [, read] of KINDS) {
    const cells = SIZES.map((size) => rows.find((r) => r.db === db && r.read === read && r.posts === size))
    const first = cells[0]
    const last = cells[cells.length - 1]
    const growth = first?.requests && last?.requests ? `${(last.p95 / first.p95).toFixed(1)}×` : 'n/a'
    console.log(`| ${db} | ${read} | ${cells.map(cell).join(' | ')} | ${growth} |`)
  }
}
console.log('\nGenerating the content:')
for (const g of generation) console.log(`  ${g.db}, ${g.posts} posts: ${(g.generateMs / 1000).toFixed(1)} s`)
const file = writeResults(
  'growth',
  {
    name: 'growth',
    sizes: SIZES,
    durationS: DURATION_S,
    connections: CONNECTIONS,
    node: process.version,
    at: new Date().toISOString(),
    rows,
    generation,
  },
  DATABASES.join('+'),
)
console.log(`\nWritten to ${file}`)
const earlier = compareFile()
if (earlier) console.log(`\n${compare(rows, earlier)}`)
