/**
 * Site search, the parts the CMS and the site must agree on: which collections are searchable
 * (public and routed: the registry), what text of a document is indexed, the engine's settings
 * (fields, boosts, typo tolerance, prefixes), how a query is answered and how a snippet is
 * highlighted. The CMS answers `GET /api/v1/search` with these; the static export ships an index
 * built with them and its search island answers with the same code in the browser.
 *
 * Engine: MiniSearch (in-process, no service to run, serialisable to JSON). Browser-safe: no
 * node: imports.
 */
import MiniSearch, { type Options } from 'minisearch'

import {
  COLLECTION_ROUTES,
  COLLECTIONS,
  HOME_PAGE_SLUG,
  ROUTED_COLLECTIONS,
  type RoutedCollection,
} from './collections'
import { rankedSearch } from './rankedSearch'

/** Collections whose published documents are searched, in registry order. */
export const SEARCH_TYPES = ROUTED_COLLECTIONS.filter((slug) => COLLECTIONS[slug].public) as readonly RoutedCollection[]
export type SearchType = RoutedCollection

export const isSearchType = (value: unknown): value is SearchType =>
  typeof value === 'string' && (SEARCH_TYPES as readonly string[]).includes(value)

/** Limits of a query: longer text is refused, extra words are ignored, pages are bounded. */
export const SEARCH_LIMITS = {
  maxQueryChars: 200,
  maxTerms: 12,
  defaultLimit: 10,
  maxLimit: 50,
  maxPage: 100,
  /** Indexed body text per document (the rest is not searchable): bounds the index's memory. */
  maxBodyChars: 20_000,
  snippetChars: 180,
} as const

/** One searchable document, as indexed. `key` is `<type>:<id>`. */
export interface SearchDocument {
  key: string
  type: SearchType
  id: string
  title: string
  url: string
  summary: string
  body: string
}

export interface SearchHit {
  type: SearchType
  id: string
  title: string
  url: string
  /** HTML: the text is escaped, matched words are wrapped in `<mark>`. */
  snippet: string
  score: number
}

export interface SearchAnswer {
  query: string
  type: SearchType | null
  hits: SearchHit[]
  /** Hits for the query (and type, when given), over all pages. */
  total: number
  page: number
  limit: number
  totalPages: number
  /** Hits per type for the query, whatever the type filter. */
  facets: Record<SearchType, number>
}

export interface SearchParams {
  q: string
  type?: SearchType | null
  limit?: number
  page?: number
}

/* ------------------------------------------------------------------ text */

const PLAIN = /^[A-Za-z0-9]*$/

/** Folds case and accents, so `Café`, `cafe` and `CAFÉ` are one term (used for indexing, queries and marks). */
export function normalizeTerm(term: string): string {
  // ASCII letters and digits have no accents to fold (most words of most sites): skip Unicode normalisation.
  if (PLAIN.test(term)) return term.toLowerCase()
  return term
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

const WORD = /[\p{L}\p{N}]+/gu

/** Words of a text, as the index splits them (letters and digits; everything else separates). */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? []
}

const MAX_TREE_DEPTH = 64
const BLOCK_NODES = new Set(['paragraph', 'heading', 'quote', 'listitem', 'list', 'code', 'tablecell', 'tablerow'])

interface TextSink {
  parts: string[]
  length: number
  max: number
}

function walkLexical(node: unknown, depth: number, sink: TextSink): void {
  if (sink.length >= sink.max || depth > MAX_TREE_DEPTH || typeof node !== 'object' || node === null) return
  const { type, text, children } = node as { type?: unknown; text?: unknown; children?: unknown }
  if (typeof text === 'string' && (type === 'text' || type === undefined || type === 'code-highlight')) {
    sink.parts.push(text)
    sink.length += text.length
  } else if (type === 'linebreak' || type === 'tab') {
    sink.parts.push(' ')
  }
  if (Array.isArray(children)) for (const child of children) walkLexical(child, depth + 1, sink)
  if (typeof type === 'string' && BLOCK_NODES.has(type)) sink.parts.push(' ')
}

/** Is this Payload's Lexical editor state (`{ root: { type: 'root', children } }`)? */
export function isLexicalState(value: unknown): value is { root: unknown } {
  if (typeof value !== 'object' || value === null || !('root' in value)) return false
  const root = (value as { root: unknown }).root
  return typeof root === 'object' && root !== null && (root as { type?: unknown }).type === 'root'
}

/** Plain text of a Lexical editor state: text nodes only, blocks separated by spaces, at most `max` characters. */
export function lexicalText(state: unknown, max: number = SEARCH_LIMITS.maxBodyChars): string {
  if (!isLexicalState(state)) return ''
  const sink: TextSink = { parts: [], length: 0, max }
  walkLexical(state.root, 0, sink)
  return collapse(sink.parts.join('')).slice(0, max)
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * Fields whose text visitors read on a document's page, wherever they sit (top level, inside a
 * block, an array row, a group). Titles and summaries are indexed on their own; ids, slugs,
 * choices, URLs, dates and the SEO group are not text a visitor searches for.
 */
const PROSE_FIELDS = new Set([
  'eyebrow',
  'heading',
  'subheading',
  'intro',
  'body',
  'content',
  'caption',
  'question',
  'answer',
  'feature',
  'client',
  'industry',
  'label',
])
const SKIPPED_KEYS = new Set(['seo', 'meta', 'settings', 'coverImage', 'thumbnail', 'gallery', 'image', 'media'])

function collectProse(value: unknown, depth: number, sink: TextSink): void {
  if (sink.length >= sink.max || depth > MAX_TREE_DEPTH || typeof value !== 'object' || value === null) return
  if (Array.isArray(value)) {
    for (const item of value) collectProse(item, depth + 1, sink)
    return
  }
  for (const [key, field] of Object.entries(value)) {
    if (SKIPPED_KEYS.has(key)) continue
    if (isLexicalState(field)) {
      const text = lexicalText(field, sink.max - sink.length)
      sink.parts.push(text)
      sink.length += text.length + 1
    } else if (typeof field === 'string') {
      if (!PROSE_FIELDS.has(key)) continue
      sink.parts.push(field)
      sink.length += field.length + 1
    } else if (typeof field === 'object' && field !== null) {
      collectProse(field, depth + 1, sink)
    }
  }
}

/** The site path of a searchable document (the registry's route, `/` for the home page). */
export function documentUrl(type: SearchType, slug: string): string {
  if (type === 'pages' && slug === HOME_PAGE_SLUG) return '/'
  return `${COLLECTION_ROUTES[type]}/${encodeURIComponent(slug)}`
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * What is indexed of a document (as anonymous visitors read it: published, private fields
 * already left out by access control): its title; its summary (`summary`, `excerpt`, else the
 * SEO description); and the text of its body (rich text and the prose fields of its blocks).
 * Null for a document without a slug or title, which the site cannot link to.
 */
export function searchDocumentOf(
  type: SearchType,
  doc: Record<string, unknown>,
  maxBodyChars: number = SEARCH_LIMITS.maxBodyChars,
): SearchDocument | null {
  const id = typeof doc.id === 'number' || typeof doc.id === 'string' ? String(doc.id) : ''
  const slug = str(doc.slug)
  const title = collapse(str(doc.title))
  if (!id || !slug || !title) return null
  const seo = typeof doc.seo === 'object' && doc.seo !== null ? (doc.seo as Record<string, unknown>) : {}
  const summary = collapse(str(doc.summary) || str(doc.excerpt) || str(seo.description))
  const { summary: _summary, excerpt: _excerpt, title: _title, ...rest } = doc
  const sink: TextSink = { parts: [], length: 0, max: maxBodyChars }
  collectProse(rest, 0, sink)
  const body = collapse(sink.parts.join(' ')).slice(0, maxBodyChars)
  return { key: `${type}:${id}`, type, id, title, url: documentUrl(type, slug), summary, body }
}

/* ---------------------------------------------------------------- engine */

/**
 * Title matches weigh most, then the summary, then the body. Prefix matching on every word of
 * three letters or more (search as you type; two letters would expand to most of the vocabulary); typo tolerance (edit distance 1 from four letters,
 * 2 from eight) only on words of four letters or more, where a typo is likelier than a
 * different word.
 */
export const SEARCH_BOOSTS = { title: 6, summary: 2, body: 1 } as const

const fuzzyFor = (term: string): number | false => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : false)

export const SEARCH_ENGINE_OPTIONS = {
  idField: 'key',
  fields: ['title', 'summary', 'body'],
  storeFields: ['type', 'id', 'title', 'url', 'summary', 'body'],
  tokenize,
  processTerm: (term) => {
    const normalized = normalizeTerm(term)
    return normalized.length > 0 && normalized.length <= 64 ? normalized : null
  },
  searchOptions: {
    boost: { ...SEARCH_BOOSTS },
    prefix: (term) => term.length >= 3,
    fuzzy: fuzzyFor,
    maxFuzzy: 2,
    weights: { prefix: 0.4, fuzzy: 0.3 },
  },
} satisfies Options<SearchDocument>

export type SearchEngine = MiniSearch<SearchDocument>

export function createSearchEngine(): SearchEngine {
  return new MiniSearch<SearchDocument>(SEARCH_ENGINE_OPTIONS)
}

/** Restores an engine from `JSON.stringify(engine)` (the static export's prebuilt index). */
export function loadSearchEngine(json: string): SearchEngine {
  return MiniSearch.loadJSON<SearchDocument>(json, SEARCH_ENGINE_OPTIONS)
}

/** Adds or replaces a document. */
export function upsertDocument(engine: SearchEngine, doc: SearchDocument): void {
  if (engine.has(doc.key)) engine.replace(doc)
  else engine.add(doc)
}

export function removeDocument(engine: SearchEngine, key: string): boolean {
  if (!engine.has(key)) return false
  engine.discard(key)
  return true
}

/** The words of a query the engine will look for (normalised, at most `maxTerms`). */
export function queryTerms(query: string): string[] {
  const terms: string[] = []
  for (const word of tokenize(query.slice(0, SEARCH_LIMITS.maxQueryChars))) {
    const term = normalizeTerm(word)
    if (term.length > 0 && term.length <= 64 && !terms.includes(term)) terms.push(term)
    if (terms.length >= SEARCH_LIMITS.maxTerms) break
  }
  return terms
}

const emptyFacets = (): Record<SearchType, number> =>
  Object.fromEntries(SEARCH_TYPES.map((type) => [type, 0])) as Record<SearchType, number>

const clamp = (value: number | undefined, min: number, max: number, fallback: number) =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.min(Math.max(Math.trunc(value), min), max)

/**
 * Answers a query: every word must match (exactly, by prefix or within the typo allowance); when
 * no document has them all, documents matching any are ranked instead. Never throws on odd text:
 * the query is reduced to words first, so regex-like or markup-like input is just words.
 */
export function runSearch(engine: SearchEngine, params: SearchParams): SearchAnswer {
  const limit = clamp(params.limit, 1, SEARCH_LIMITS.maxLimit, SEARCH_LIMITS.defaultLimit)
  const page = clamp(params.page, 1, SEARCH_LIMITS.maxPage, 1)
  const type = params.type ?? null
  const query = collapse(params.q.slice(0, SEARCH_LIMITS.maxQueryChars))
  const terms = queryTerms(query)
  const facets = emptyFacets()
  const answer = { query, type, page, limit, facets }
  if (terms.length === 0) return { ...answer, hits: [], total: 0, totalPages: 0 }

  const text = terms.join(' ')
  const start = (page - 1) * limit
  // Every match is counted in its type's facet; the type filter, when given, picks the page's hits.
  const run = (combineWith: 'AND' | 'OR') =>
    rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, {
      combineWith,
      skip: start,
      take: limit,
      group: 'type',
      only: type,
    })
  let ranked = run('AND')
  if (ranked.matches === 0 && terms.length > 1) ranked = run('OR')
  for (const [resultType, count] of Object.entries(ranked.groups))
    if (resultType in facets) facets[resultType as SearchType] = count
  const hits = ranked.hits.map(({ stored, score, terms: matchedTerms }) => ({
    type: stored.type as SearchType,
    id: String(stored.id),
    title: String(stored.title),
    url: String(stored.url),
    snippet: snippetOf(stored, matchedTerms, terms),
    score: Math.round(score * 1000) / 1000,
  }))
  return { ...answer, hits, total: ranked.total, totalPages: Math.ceil(ranked.total / limit) }
}

/* --------------------------------------------------------------- snippet */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
}

function snippetOf(stored: Record<string, unknown>, matchedTerms: string[], queryWords: string[]): string {
  // The document's own words that matched (`kubernetes` for the query `kube`), and the query's.
  const matched = new Set([...matchedTerms, ...queryWords])
  const summary = String(stored.summary ?? '')
  const body = String(stored.body ?? '')
  const inBody = highlight(body, matched)
  if (inBody.includes('<mark>')) return inBody
  return highlight(summary || body, matched)
}

/**
 * An excerpt of `text` of about `maxChars` characters around the first word in `terms`
 * (normalised as the index normalises), HTML-escaped, with every such word in `<mark>`.
 * Without a match, the start of the text.
 */
export function highlight(
  text: string,
  terms: ReadonlySet<string>,
  maxChars: number = SEARCH_LIMITS.snippetChars,
): string {
  // Words are read lazily and normalised only where a match is looked for: a body can be 20,000
  // characters, and a page of hits has ten snippets.
  const isMatch = (word: string) => terms.has(normalizeTerm(word))
  let first: RegExpExecArray | undefined
  for (const word of text.matchAll(WORD))
    if (isMatch(word[0])) {
      first = word
      break
    }
  let start = 0
  if (first && first.index > maxChars / 3) {
    // Start at a word boundary about a third of the window before the match.
    const wanted = first.index - Math.floor(maxChars / 3)
    for (const word of text.matchAll(WORD))
      if (word.index >= wanted) {
        start = word.index
        break
      }
  }
  let end = Math.min(text.length, start + maxChars)
  if (end < text.length) {
    const cut = text.lastIndexOf(' ', end)
    if (cut > start) end = cut
  }
  let html = start > 0 ? '…' : ''
  let at = start
  // `start` is 0 or a word's first character, so reading on from it meets whole words.
  const fromStart = new RegExp(WORD.source, 'gu')
  fromStart.lastIndex = start
  for (let word = fromStart.exec(text); word; word = fromStart.exec(text)) {
    const index = word.index
    if (index + word[0].length > end) break
    if (!isMatch(word[0])) continue
    html += `${escapeHtml(text.slice(at, index))}<mark>${escapeHtml(word[0])}</mark>`
    at = index + word[0].length
  }
  html += escapeHtml(text.slice(at, end))
  return end < text.length ? `${html.trimEnd()}…` : html
}
