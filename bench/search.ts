/**
 * `npm run bench:search`: query latency of the site-search engine (the CMS's index, settings from
 * @mspn/contract/search) over a generated corpus. Prints the index build time, its heap cost,
 * and p50/p95/p99 latency and queries per second for a mix of exact, prefix, typo, multi-word and
 * filtered queries. Progress on stderr; `--json` prints one JSON object on stdout instead.
 *
 *   npm run bench:search -- --docs 10000 --queries 2000 [--json]
 */
import { createSearchEngine, runSearch, SEARCH_TYPES, upsertDocument, type SearchDocument } from '@mspn/contract/search'

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`)
  return value
}

const DOCS = option('docs', 10_000)
const QUERIES = option('queries', 2_000)
const JSON_OUT = process.argv.includes('--json')
const progress = (line: string) => process.stderr.write(`${line}\n`)

/** Deterministic pseudo-random numbers (mulberry32), so every run searches the same corpus. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = random(42)
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]

// A vocabulary with a realistic long tail: common words often, rare ones seldom; words of 3 to 11
// letters drawn with English-like letter frequencies.
const LETTERS = 'eeeeeeeeeeeettttttttaaaaaaaaooooooiiiiiiinnnnnnnsssssshhhhhhrrrrrrddddllllcccuuummwwffggyyppbbvkjxqz'
const LETTER_LIST = [...LETTERS]
const VOCABULARY = Array.from({ length: 20_000 }, () =>
  Array.from({ length: 3 + Math.floor(rand() * 9) }, () => pick(LETTER_LIST)).join(''),
)
const word = () => VOCABULARY[Math.floor(VOCABULARY.length * rand() ** 2.5)]
const words = (count: number) => Array.from({ length: count }, word).join(' ')

function corpus(): SearchDocument[] {
  return Array.from({ length: DOCS }, (_, index) => {
    const type = SEARCH_TYPES[index % SEARCH_TYPES.length]
    return {
      key: `${type}:${index}`,
      type,
      id: String(index),
      title: words(3 + Math.floor(rand() * 5)),
      url: `/${type}/doc-${index}`,
      summary: words(20 + Math.floor(rand() * 20)),
      body: words(200 + Math.floor(rand() * 600)),
    }
  })
}

const typo = (term: string) => {
  const at = Math.floor(rand() * (term.length - 1))
  return term.slice(0, at) + term[at + 1] + term[at] + term.slice(at + 2)
}

const KINDS = ['exact', 'prefix', 'typo', 'two words', 'filtered'] as const
function query(kind: (typeof KINDS)[number]) {
  const term = word()
  switch (kind) {
    case 'exact':
      return { q: term }
    case 'prefix':
      return { q: term.slice(0, Math.max(3, Math.ceil(term.length / 2))) }
    case 'typo':
      return { q: term.length >= 4 ? typo(term) : term }
    case 'two words':
      return { q: `${term} ${word()}` }
    case 'filtered':
      return { q: term, type: pick(SEARCH_TYPES) }
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]

progress(`search bench: ${DOCS} documents, ${QUERIES} queries`)
const docs = corpus()
global.gc?.()
const heapBefore = process.memoryUsage().heapUsed
const buildStarted = performance.now()
const engine = createSearchEngine()
docs.forEach((doc, index) => {
  upsertDocument(engine, doc)
  if ((index + 1) % 2000 === 0) progress(`  indexed ${index + 1}/${DOCS}`)
})
const buildMs = performance.now() - buildStarted
global.gc?.()
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576

// Warm up the JIT, then measure.
for (let i = 0; i < 200; i += 1) runSearch(engine, query(KINDS[i % KINDS.length]))
const latencies: number[] = []
let hits = 0
const started = performance.now()
for (let i = 0; i < QUERIES; i += 1) {
  const params = query(KINDS[i % KINDS.length])
  const t0 = performance.now()
  hits += runSearch(engine, params).total
  latencies.push(performance.now() - t0)
  if ((i + 1) % 1000 === 0) progress(`  queried ${i + 1}/${QUERIES}`)
}
const elapsed = performance.now() - started
latencies.sort((a, b) => a - b)

const result = {
  documents: DOCS,
  queries: QUERIES,
  buildMs: Math.round(buildMs),
  indexHeapMb: Math.round(heapMb),
  p50Ms: Number(percentile(latencies, 0.5).toFixed(3)),
  p95Ms: Number(percentile(latencies, 0.95).toFixed(3)),
  p99Ms: Number(percentile(latencies, 0.99).toFixed(3)),
  queriesPerSecond: Math.round(QUERIES / (elapsed / 1000)),
  meanHits: Math.round(hits / QUERIES),
}

if (JSON_OUT) {
  process.stdout.write(`${JSON.stringify(result)}\n`)
} else {
  console.log(`index: ${result.documents} documents built in ${result.buildMs} ms, ~${result.indexHeapMb} MB heap`)
  console.log(
    `query: p50 ${result.p50Ms} ms · p95 ${result.p95Ms} ms · p99 ${result.p99Ms} ms · ${result.queriesPerSecond} queries/s (mean ${result.meanHits} hits)`,
  )
}
