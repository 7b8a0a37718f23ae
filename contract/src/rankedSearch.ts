/**
 * Ranked search over a MiniSearch index, producing MiniSearch's own ranking (the same BM25 scores,
 * bit for bit, and the same order for equal scores) at a fraction of its cost on large indexes.
 *
 * Why not `engine.search`: it builds an object per matching document (score, matched terms, a
 * copy of its stored fields), merges them in Maps per query word and sorts them all, although a
 * search page shows ten. When most documents match (common words, a large site), that is about
 * 1.5 s per query at 100,000 documents, holding the event loop. Here scores are summed in typed
 * arrays indexed by MiniSearch's internal document number, and only the requested page is
 * selected (a bounded heap) and turned into objects. From `PRUNING.from` documents, a page is found
 * without scoring every match (`prunedSearch`: counts from sets of document numbers, the page from
 * bounds on each document's score). It gives the scan's answer, bit for bit, or hands over to it;
 * on 100,000 generated posts where every query matches nearly every post, a query took 0.7 ms
 * instead of 9.6 ms.
 *
 * It reads MiniSearch's index structures (`_index`, `_fieldLength`, …): minisearch is pinned to
 * one minor version, and `contract/test/rankedSearch.test.ts` compares every answer with
 * `engine.search` on random corpora and queries, so a change inside MiniSearch fails there first.
 * Browser-safe: no node: imports.
 */
import type MiniSearch from 'minisearch'
import type { Options, SearchOptions } from 'minisearch'

/** fieldId → (document number → term frequency). */
type TermData = Map<number, Map<number, number>>

interface Internals {
  _index: {
    get: (term: string) => TermData | undefined
    atPrefix: (prefix: string) => Iterable<[string, TermData]>
    fuzzyGet: (term: string, maxDistance: number) => Map<string, [TermData, number]>
  }
  _fieldIds: Record<string, number>
  _avgFieldLength: number[]
  _fieldLength: Map<number, number[]>
  _documentCount: number
  _documentIds: Map<number, unknown>
  _storedFields: Map<number, Record<string, unknown> | undefined>
  _nextId: number
  _dirtCount: number
}

/** One word found in the index for a query word (itself, a longer word it starts, or a near miss). */
interface Derived {
  term: string
  weight: number
  data: TermData
}

export interface RankedHit {
  /** The document's stored fields (`storeFields`), as MiniSearch returns them on a result. */
  stored: Record<string, unknown>
  /** MiniSearch's score: the BM25 sum times the number of query words matched. */
  score: number
  /** Words of the document that matched (`kubernetes` for the query `kube`). */
  terms: string[]
}

export interface RankedAnswer {
  /** Every matching document, whatever `only` says. */
  matches: number
  /** Matching documents by their value of `group` (counted whatever `only` says). */
  groups: Record<string, number>
  /** Matching documents with `only` as their `group` value (all of them without `only`). */
  total: number
  /** Those ranked `skip + 1` to `skip + take`, best first. */
  hits: RankedHit[]
  /** Set when the page was found without scoring every match (see `prunedSearch`). */
  pruned?: true
}

export interface RankedQuery {
  combineWith: 'AND' | 'OR'
  /** Accepted matches to pass over (earlier pages), and how many to return. */
  skip: number
  take: number
  /** A stored field to count matches by (the site's document type). */
  group?: string
  /** Keep only matches whose `group` field has this value. */
  only?: string | null
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 }
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 }

/** MiniSearch's inverse document frequency of a word found in `matching` of `documentCount` documents. */
const inverseDocumentFrequency = (documentCount: number, matching: number) =>
  Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5))

/** MiniSearch's BM25 score of one word in one field of one document (before weights and boosts). */
const bm25 = (invDocFreq: number, termFreq: number, fieldLength: number, avgLength: number) =>
  invDocFreq *
  (BM25.d + (termFreq * (BM25.k + 1)) / (termFreq + BM25.k * (1 - BM25.b + (BM25.b * fieldLength) / avgLength)))

/** A (query word, field) pair's multiplier, as MiniSearch forms it: the word's weight, the document's boost (1), the field's boost, the term's boost (1). */
const factorOf = (weight: number, field: Field) => weight * 1 * field.boost * 1

/**
 * When the pruned path (see `prunedSearch`) is tried, and what it holds. Tests lower these to
 * reach every branch on small corpora.
 */
export const PRUNING = {
  /** From this many documents (below, scanning every match takes well under a millisecond). */
  from: 5_000,
  /** For pages ending at most this many hits deep. */
  maxKeep: 200,
  /** For queries reading at most this many (index word, field) lists (a short prefix can expand to hundreds). */
  maxLists: 48,
  /** Lists of at most this many postings are read whole before the others. */
  shortList: 512,
  /** Postings held per list, best first. */
  listPrefix: 2_048,
  /** Lists read best first before a sweep is tried (doubled while no sweep applies), and at most. */
  steps: 256,
  maxSteps: 4_096,
  /** The lists whose documents are sorted into patterns, at most, and how high their best must be against the highest. */
  patternLists: 4,
  patternShare: 0.05,
  /** What the held lists and sets of all index words may take, least recently used dropped first. */
  cacheBytes: 32 * 1024 * 1024,
}

/** The engine's options; its tokenizer and term processing are given (MiniSearch's defaults are not repeated here). */
type Settings = Required<Pick<Options, 'fields' | 'tokenize' | 'processTerm'>> & { searchOptions?: SearchOptions }

/**
 * The query words as MiniSearch derives them from `text` (its tokenizer and term processing), and
 * for each the index words it matches with their weights, in the order MiniSearch visits them.
 */
function expand(
  internals: Internals,
  settings: Settings,
  text: string,
  held: Map<string, Derived[]>,
): { source: string; derived: Derived[] }[] {
  const options = settings.searchOptions ?? {}
  const words: string[] = []
  for (const token of settings.tokenize(text)) {
    const processed = settings.processTerm(token)
    for (const word of Array.isArray(processed) ? processed : [processed]) if (word) words.push(word)
  }
  const prefixWeight = options.weights?.prefix ?? DEFAULT_WEIGHTS.prefix
  const fuzzyWeight = options.weights?.fuzzy ?? DEFAULT_WEIGHTS.fuzzy
  const maxFuzzy = options.maxFuzzy ?? 6
  // A word's expansion is held (per index state) when the prefix and typo settings depend on the
  // word alone, as ours do: finding near misses walks the whole word tree's top levels, which
  // grow with the vocabulary (every title's number is a word).
  const ofWordAlone = (option: unknown) => typeof option !== 'function' || option.length <= 1
  const holdable = ofWordAlone(options.prefix) && ofWordAlone(options.fuzzy)
  return words.map((term, index) => {
    const known = holdable ? held.get(term) : undefined
    if (known) return { source: term, derived: known }
    const derived: Derived[] = []
    const exact = internals._index.get(term)
    if (exact) derived.push({ term, weight: 1, data: exact })
    const prefix = typeof options.prefix === 'function' ? options.prefix(term, index, words) : Boolean(options.prefix)
    const fuzzyOption = typeof options.fuzzy === 'function' ? options.fuzzy(term, index, words) : options.fuzzy
    let fuzzyMatches: Map<string, [TermData, number]> | undefined
    if (fuzzyOption) {
      const fuzzy = fuzzyOption === true ? 0.2 : fuzzyOption
      const maxDistance = fuzzy < 1 ? Math.min(maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy
      if (maxDistance) fuzzyMatches = internals._index.fuzzyGet(term, maxDistance)
    }
    if (prefix) {
      for (const [word, data] of internals._index.atPrefix(term)) {
        const distance = word.length - term.length
        if (!distance) continue
        // A word that is both a prefix and a near miss counts as a prefix match only.
        fuzzyMatches?.delete(word)
        derived.push({ term: word, weight: (prefixWeight * word.length) / (word.length + 0.3 * distance), data })
      }
    }
    if (fuzzyMatches) {
      for (const [word, [data, distance]] of fuzzyMatches) {
        if (!distance) continue
        derived.push({ term: word, weight: (fuzzyWeight * word.length) / (word.length + distance), data })
      }
    }
    if (holdable) {
      held.set(term, derived)
      if (held.size > HELD_EXPANSIONS) held.delete(held.keys().next().value!)
    }
    return { source: term, derived }
  })
}

/** Query words whose expansions are held per index state (the oldest dropped first). */
const HELD_EXPANSIONS = 4_096

/**
 * Per engine, what does not change between edits, by MiniSearch's document number: whether the
 * document is live (edits and removals leave its postings behind until MiniSearch vacuums) and
 * its field lengths (a number's fields never change: an edit gives the document a new number).
 */
interface DocumentTable {
  documentIds: Map<number, unknown>
  nextId: number
  documentCount: number
  live: Uint8Array
  /** fieldId → length by document number. */
  lengths: Float64Array[]
  /** The stored `group` field by document number, as an index into `values` (0: none). */
  group: string | undefined
  codes: Uint16Array
  values: string[]
  /** Per-query working arrays by document number, reused (a search holds the thread until it returns). */
  scratch?: Scratch
  /** 32-bit words of a set of documents (one bit per document number). */
  setWords: number
  /** Live documents by `group` code, as sets (built by the first pruned query that counts groups). */
  groupSets?: Uint32Array[]
  /** Query words' expansions (the index words each matches, with weights) under `expandedWith`, oldest first. */
  expansions: Map<string, Derived[]>
  expandedWith?: Settings
  /** What pruned queries read per index word, least recently used first. */
  terms: Map<string, TermEntry>
  termBytes: number
}

/** One index word, for pruned queries (valid while its table is). */
interface TermEntry {
  /** Live documents with the word in any searched field; null when its postings are fewer than a set's words. */
  set: Uint32Array | null
  /** By field id. */
  lists: Array<FieldList | undefined>
}

/** One word's postings in one field, best first: live documents and their BM25 scores. */
interface FieldList {
  invDocFreq: number
  ids: Int32Array
  raws: Float64Array
  /** At least the score of any posting not in `ids` (0: `ids` holds them all). */
  rest: number
  /** The live documents of the postings, as a set (built when a query first needs it). */
  set?: Uint32Array
}

/**
 * A query's working arrays. `total`, `matched` and `order` are zero between queries (a query clears
 * the entries it set); `termSeq` is cleared after each query word; the others are written before read.
 */
interface Scratch {
  total: Float64Array
  matched: Uint8Array
  order: Float64Array
  termScore: Float64Array
  termSeq: Int32Array
  found: Int32Array
  candidates: Int32Array
  /** Documents whose `total`, `matched` or `order` this query set. */
  touched: Int32Array
  /** Pruned queries: the documents read from lists (cleared after the query through `touched`), and two sets. */
  seen: Uint8Array
  matches: Uint32Array
  wordMatches: Uint32Array
}

function scratchOf(table: DocumentTable): Scratch {
  const size = table.nextId
  return (table.scratch ??= {
    total: new Float64Array(size),
    matched: new Uint8Array(size),
    order: new Float64Array(size),
    termScore: new Float64Array(size),
    termSeq: new Int32Array(size),
    found: new Int32Array(size),
    candidates: new Int32Array(size),
    touched: new Int32Array(size),
    seen: new Uint8Array(size),
    matches: new Uint32Array(table.setWords),
    wordMatches: new Uint32Array(table.setWords),
  })
}

const tables = new WeakMap<object, DocumentTable>()

function documentTable(internals: Internals, fieldIds: number[], group: string | undefined): DocumentTable {
  const held = tables.get(internals)
  // Adding raises `_nextId`, removing lowers `_documentCount`: together they name the live set
  // (`removeAll` replaces the id map, hence its identity).
  if (
    held &&
    held.documentIds === internals._documentIds &&
    held.nextId === internals._nextId &&
    held.documentCount === internals._documentCount &&
    held.group === group
  )
    return held
  const size = internals._nextId
  const live = new Uint8Array(size)
  const grown = held && held.documentIds === internals._documentIds && held.nextId <= size && held.group === group
  const lengths: Float64Array[] = []
  for (const fieldId of fieldIds) {
    lengths[fieldId] = new Float64Array(size)
    if (grown) lengths[fieldId].set(held.lengths[fieldId]!)
  }
  const codes = new Uint16Array(size)
  if (grown) codes.set(held.codes)
  const values = grown ? held.values : ['']
  const codeOf = new Map(values.map((value, code) => [value, code]))
  for (const docId of internals._documentIds.keys()) {
    live[docId] = 1
    if (grown && docId < held.nextId) continue
    const fieldLengths = internals._fieldLength.get(docId)
    if (fieldLengths) for (const fieldId of fieldIds) lengths[fieldId]![docId] = fieldLengths[fieldId] ?? 0
    const value = group === undefined ? undefined : internals._storedFields.get(docId)?.[group]
    if (typeof value !== 'string') continue
    let code = codeOf.get(value)
    if (code === undefined && values.length < 0xffff) {
      code = values.push(value) - 1
      codeOf.set(value, code)
    }
    codes[docId] = code ?? 0
  }
  const table = {
    documentIds: internals._documentIds,
    nextId: size,
    documentCount: internals._documentCount,
    live,
    lengths,
    group,
    codes,
    values,
    setWords: (size + 31) >>> 5,
    expansions: new Map<string, Derived[]>(),
    terms: new Map<string, TermEntry>(),
    termBytes: 0,
  }
  tables.set(internals, table)
  return table
}

/** Leaves a query's working arrays zero for the next query (the entries of the first `count` touched documents). */
function clearTouched(scratch: Scratch, count: number): void {
  const { touched, total, matched, order, seen } = scratch
  for (let at = 0; at < count; at += 1) {
    const docId = touched[at]!
    total[docId] = 0
    matched[docId] = 0
    order[docId] = 0
    seen[docId] = 0
  }
}

/** Matches by group value, from counts by code (code 0, documents without a value, left out). */
function groupCounts(values: string[], counts: Float64Array): Record<string, number> {
  const groups: Record<string, number> = {}
  for (const [code, count] of counts.entries()) if (code > 0 && count > 0) groups[values[code]!] = count
  return groups
}

/** Is `a` ranked before `b`? Higher score first; equal scores keep MiniSearch's order of discovery. */
const before = (scoreA: number, orderA: number, scoreB: number, orderB: number) =>
  scoreA > scoreB || (scoreA === scoreB && orderA < orderB)

/** The best `keep` documents offered so far: a min-heap by rank, the worst held at the root. */
class Best {
  readonly heap: number[] = []

  constructor(
    private readonly keep: number,
    private readonly scoreOf: (docId: number) => number,
    private readonly orderOf: (docId: number) => number,
  ) {}

  get full(): boolean {
    return this.heap.length >= this.keep
  }

  /** The lowest score held (call when `full`). */
  get worstScore(): number {
    return this.scoreOf(this.heap[0]!)
  }

  private worse(i: number, j: number): boolean {
    const { heap, scoreOf, orderOf } = this
    return before(scoreOf(heap[j]!), orderOf(heap[j]!), scoreOf(heap[i]!), orderOf(heap[i]!))
  }

  private swap(i: number, j: number): void {
    const held = this.heap[i]!
    this.heap[i] = this.heap[j]!
    this.heap[j] = held
  }

  offer(docId: number): void {
    const { heap, keep, scoreOf, orderOf } = this
    if (keep === 0) return
    if (heap.length < keep) {
      heap.push(docId)
      for (let at = heap.length - 1; at > 0;) {
        const parent = (at - 1) >> 1
        if (!this.worse(at, parent)) break
        this.swap(at, parent)
        at = parent
      }
    } else if (before(scoreOf(docId), orderOf(docId), scoreOf(heap[0]!), orderOf(heap[0]!))) {
      heap[0] = docId
      for (let at = 0; ;) {
        const left = 2 * at + 1
        const right = left + 1
        let worst = at
        if (left < heap.length && this.worse(left, worst)) worst = left
        if (right < heap.length && this.worse(right, worst)) worst = right
        if (worst === at) break
        this.swap(at, worst)
        at = worst
      }
    }
  }

  /** Best first. */
  ranked(): number[] {
    const { scoreOf, orderOf } = this
    return this.heap.sort((x, y) => (before(scoreOf(x), orderOf(x), scoreOf(y), orderOf(y)) ? -1 : 1))
  }
}

type Field = { id: number; boost: number }

/** The page's hits: stored fields, score and the document's words that matched. */
function hitsOf(
  internals: Internals,
  words: { derived: Derived[] }[],
  fields: Field[],
  page: number[],
  scoreOf: (docId: number) => number,
): RankedHit[] {
  return page.map((docId) => {
    const terms: string[] = []
    for (const word of words)
      for (const { term, data } of word.derived)
        if (!terms.includes(term) && fields.some((field) => data.get(field.id)?.has(docId))) terms.push(term)
    return { stored: internals._storedFields.get(docId) ?? {}, score: scoreOf(docId), terms }
  })
}

/**
 * Runs `text` against `engine` (built with `settings`) as `engine.search(text, { combineWith })`
 * ranks it, returning the match count and one page of the accepted matches.
 */
export function rankedSearch<T>(
  engine: MiniSearch<T>,
  settings: Settings,
  text: string,
  query: RankedQuery,
): RankedAnswer {
  const internals = engine as unknown as Internals
  const boosts = settings.searchOptions?.boost ?? {}
  const fields = settings.fields.map((field) => ({ id: internals._fieldIds[field]!, boost: boosts[field] || 1 }))
  const table = documentTable(
    internals,
    fields.map((field) => field.id),
    query.group,
  )
  if (table.expandedWith !== settings) {
    table.expansions.clear()
    table.expandedWith = settings
  }
  const words = expand(internals, settings, text, table.expansions)
  if (words.length === 0) return { matches: 0, groups: {}, total: 0, hits: [] }
  if (table.nextId >= PRUNING.from && query.skip + query.take <= PRUNING.maxKeep) {
    const pruned = prunedSearch(internals, table, words, fields, query)
    if (pruned) return pruned
  }
  return scanSearch(internals, table, words, fields, query)
}

/** Scores every match (MiniSearch's way, in typed arrays) and keeps the page. */
function scanSearch(
  internals: Internals,
  table: DocumentTable,
  words: { source: string; derived: Derived[] }[],
  fields: Field[],
  query: RankedQuery,
): RankedAnswer {
  const none: RankedAnswer = { matches: 0, groups: {}, total: 0, hits: [] }
  const dirty = internals._dirtCount > 0
  const { live, lengths, codes, values } = table
  const scratch = scratchOf(table)
  const { total, matched, order, termScore, termSeq, found, candidates, touched } = scratch
  let touchedCount = 0
  try {
    const documentCount = internals._documentCount
    const and = query.combineWith === 'AND'

    // total: a document's score so far. matched: AND, how many query words it matched so far, in order;
    // OR, how many distinct ones. order: MiniSearch's order of discovery (its result Map's insertion
    // order), for equal scores. found: the documents a query word found, in order of discovery;
    // candidates: those still matching the query.
    let candidateCount = 0
    const seenWords = new Set<string>()

    for (const [wordIndex, word] of words.entries()) {
      const repeat = seenWords.has(word.source)
      if (!repeat) seenWords.add(word.source)
      let foundCount = 0
      for (const { weight, data } of word.derived) {
        for (const field of fields) {
          const postings = data.get(field.id)
          if (!postings) continue
          let matching = postings.size
          if (dirty) postings.forEach((_, docId) => (matching -= live[docId]! ^ 1))
          const invDocFreq = inverseDocumentFrequency(documentCount, matching)
          const factor = factorOf(weight, field)
          const avgLength = internals._avgFieldLength[field.id]!
          const fieldLengths = lengths[field.id]!
          postings.forEach((termFreq, docId) => {
            if (live[docId] === 0) return
            const weighted = factor * bm25(invDocFreq, termFreq, fieldLengths[docId]!, avgLength)
            if (termSeq[docId] === 0) {
              found[foundCount] = docId
              foundCount += 1
              termSeq[docId] = foundCount
              termScore[docId] = weighted
            } else {
              termScore[docId] = termScore[docId]! + weighted
            }
          })
        }
      }
      if (and) {
        // Still matching: found by this word and by every word before (in this word's order).
        candidateCount = 0
        for (let at = 0; at < foundCount; at += 1) {
          const docId = found[at]!
          if (matched[docId] === wordIndex) {
            if (wordIndex === 0) touched[touchedCount++] = docId
            total[docId] = wordIndex === 0 ? termScore[docId]! : total[docId]! + termScore[docId]!
            matched[docId] = wordIndex + 1
            order[docId] = termSeq[docId]!
            candidates[candidateCount] = docId
            candidateCount += 1
          }
        }
      } else {
        for (let at = 0; at < foundCount; at += 1) {
          const docId = found[at]!
          if (order[docId] === 0) {
            touched[touchedCount++] = docId
            total[docId] = termScore[docId]!
            order[docId] = wordIndex * 2 ** 31 + termSeq[docId]!
            candidates[candidateCount] = docId
            candidateCount += 1
          } else {
            total[docId] = total[docId]! + termScore[docId]!
          }
          if (!repeat) matched[docId] = matched[docId]! + 1
        }
      }
      for (let at = 0; at < foundCount; at += 1) termSeq[found[at]!] = 0
      if (and && candidateCount === 0) return none
    }

    // The page: the best `skip + take` accepted matches.
    const quality = and ? seenWords.size : 0
    const scoreOf = (docId: number) => total[docId]! * (and ? quality : matched[docId]!)
    const best = new Best(query.skip + query.take, scoreOf, (docId) => order[docId]!)
    const counts = new Float64Array(values.length)
    // The `group` value to keep, as its code (-1: every match; a value no document has: none).
    const only = query.only == null ? -1 : values.indexOf(query.only)
    let accepted = 0
    for (let at = 0; at < candidateCount; at += 1) {
      const docId = candidates[at]!
      const code = codes[docId]!
      counts[code] = counts[code]! + 1
      if (query.only != null && code !== only) continue
      accepted += 1
      best.offer(docId)
    }
    const hits = hitsOf(internals, words, fields, best.ranked().slice(query.skip), scoreOf)
    const groups = query.group === undefined ? {} : groupCounts(values, counts)
    return { matches: candidateCount, groups, total: accepted, hits }
  } finally {
    clearTouched(scratch, touchedCount)
  }
}

/* ------------------------------------------------------------ pruned path */

const popcount = (word: number) => {
  let bits = word - ((word >>> 1) & 0x55555555)
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333)
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/** The `k`-th largest of `values` (1-based), which it reorders: a quickselect, linear on average. */
function kthLargest(values: Float64Array, k: number): number {
  const swap = (i: number, j: number) => {
    const held = values[i]!
    values[i] = values[j]!
    values[j] = held
  }
  const target = k - 1
  let low = 0
  let high = values.length - 1
  while (low < high) {
    const a = values[low]!
    const b = values[(low + high) >>> 1]!
    const c = values[high]!
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
    // Larger than the pivot to the left, smaller to the right, equal between (scores tie often).
    let larger = low
    let smaller = high
    for (let at = low; at <= smaller;) {
      const value = values[at]!
      if (value > pivot) swap(larger++, at++)
      else if (value < pivot) swap(at, smaller--)
      else at += 1
    }
    if (target < larger) high = larger - 1
    else if (target > smaller) low = smaller + 1
    else return pivot
  }
  return values[low]!
}

/** One word's live postings in one field, scored, best first to `PRUNING.listPrefix` entries. */
function fieldList(
  postings: Map<number, number>,
  live: Uint8Array,
  fieldLengths: Float64Array,
  avgLength: number,
  documentCount: number,
): FieldList {
  const all = new Int32Array(postings.size)
  const freqs = new Int32Array(postings.size)
  let count = 0
  postings.forEach((termFreq, docId) => {
    if (live[docId] === 0) return
    all[count] = docId
    freqs[count] = termFreq
    count += 1
  })
  const invDocFreq = inverseDocumentFrequency(documentCount, count)
  const scores = new Float64Array(count)
  for (let at = 0; at < count; at += 1) scores[at] = bm25(invDocFreq, freqs[at]!, fieldLengths[all[at]!]!, avgLength)
  const prefix = PRUNING.listPrefix
  let rest = 0
  const kept: number[] = []
  if (count <= prefix) {
    for (let at = 0; at < count; at += 1) kept.push(at)
  } else {
    // The prefix's last score: every posting above it is held, then postings equal to it.
    rest = kthLargest(scores.slice(), prefix)
    for (let at = 0; at < count; at += 1) if (scores[at]! > rest) kept.push(at)
    for (let at = 0; at < count && kept.length < prefix; at += 1) if (scores[at] === rest) kept.push(at)
  }
  kept.sort((x, y) => scores[y]! - scores[x]!)
  const ids = new Int32Array(kept.length)
  const raws = new Float64Array(kept.length)
  for (const [at, index] of kept.entries()) {
    ids[at] = all[index]!
    raws[at] = scores[index]!
  }
  return { invDocFreq, ids, raws, rest }
}

/** What pruned queries read of one index word, held per table (least recently used dropped first). */
function termEntry(internals: Internals, table: DocumentTable, fields: Field[], term: string, data: TermData) {
  const held = table.terms.get(term)
  if (held) {
    table.terms.delete(term)
    table.terms.set(term, held)
    return held
  }
  const { live, lengths, setWords } = table
  const lists: Array<FieldList | undefined> = []
  let postingCount = 0
  for (const field of fields) {
    const postings = data.get(field.id)
    if (!postings) continue
    postingCount += postings.size
    const list = fieldList(
      postings,
      live,
      lengths[field.id]!,
      internals._avgFieldLength[field.id]!,
      internals._documentCount,
    )
    lists[field.id] = list
  }
  let set: Uint32Array | null = null
  if (postingCount > setWords) {
    set = new Uint32Array(setWords)
    for (const field of fields) addLive(set, data.get(field.id), live)
  }
  const entry: TermEntry = { set, lists }
  table.terms.set(term, entry)
  table.termBytes += entryBytes(entry)
  for (const [oldest, held] of table.terms) {
    if (table.termBytes <= PRUNING.cacheBytes || oldest === term) break
    table.terms.delete(oldest)
    table.termBytes -= entryBytes(held)
  }
  return entry
}

/** A list's documents as a set, held with the list (counted in the table's budget while its word is held). */
function fieldSet(table: DocumentTable, probe: Probe): Uint32Array {
  const { list } = probe
  if (list.set) return list.set
  const set = new Uint32Array(table.setWords)
  addLive(set, probe.postings, table.live)
  if (table.terms.get(probe.term)?.lists.includes(list)) table.termBytes += set.byteLength
  return (list.set = set)
}

/** Bytes an index word's entry holds (its sets and lists). */
function entryBytes(entry: TermEntry): number {
  let bytes = 64 + (entry.set?.byteLength ?? 0)
  for (const list of entry.lists) if (list) bytes += list.ids.length * 12 + (list.set?.byteLength ?? 0)
  return bytes
}

/** What the pruned path holds for an engine's current index, in bytes (0 before its first pruned query). */
export function prunedBytes<T>(engine: MiniSearch<T>): number {
  return tables.get(engine)?.termBytes ?? 0
}

/** Live documents by `group` code, as sets. */
function groupSetsOf(table: DocumentTable): Uint32Array[] {
  if (table.groupSets) return table.groupSets
  const sets = table.values.map(() => new Uint32Array(table.setWords))
  for (let docId = 0; docId < table.nextId; docId += 1) {
    if (table.live[docId] === 1) setAdd(sets[table.codes[docId]!]!, docId)
  }
  return (table.groupSets = sets)
}

/** One (index word, field) list of a query word: read best first, and looked up to score a document. */
interface Probe {
  /** The index word. */
  term: string
  list: FieldList
  postings: Map<number, number>
  /** The word's weight times the field's boost, as the scan multiplies them. */
  factor: number
  fieldLengths: Float64Array
  avgLength: number
  /** The list's best weighted score. */
  top: number
  /** Position of the next read in `list.ids`. */
  at: number
}

const setHas = (set: Uint32Array, docId: number) => (set[docId >>> 5]! & (1 << (docId & 31))) !== 0
const setAdd = (set: Uint32Array, docId: number) => {
  set[docId >>> 5] = set[docId >>> 5]! | (1 << (docId & 31))
}

/** Adds a map's live documents to a set. */
function addLive(set: Uint32Array, postings: Map<number, number> | undefined, live: Uint8Array): void {
  postings?.forEach((_, docId) => {
    if (live[docId] === 1) setAdd(set, docId)
  })
}

/** `into` becomes its intersection with `set`. */
function intersect(into: Uint32Array, set: Uint32Array): void {
  for (let at = 0; at < into.length; at += 1) into[at] = into[at]! & set[at]!
}

/** `into` becomes its union with `set`. */
function unite(into: Uint32Array, set: Uint32Array): void {
  for (let at = 0; at < into.length; at += 1) into[at] = into[at]! | set[at]!
}

/**
 * The same answer as the scan without scoring every match, for large indexes where most queries
 * match much of the index (common words) yet a page shows ten.
 *
 * - Counts (the total and the per-group facets) come from sets of document numbers, one bit per
 *   document: a query word's matches are the union of its index words' sets (held per index word),
 *   the query's the intersection (AND) or union (OR) of its words'. Counting is then a few thousand
 *   32-bit operations at 100,000 documents.
 * - Every document's score is bounded by its lists: a document scores at most, per (index word,
 *   field) list holding it, that list's best weighted score, summed, times the number of query
 *   words. Short lists (rare words: near misses and longer forms, whose bests are often the
 *   highest) are read whole first, so no document left unread is in one. Of the others, the few
 *   with the highest bests (titles, usually) sort documents into patterns (which of the few hold
 *   them), read from the highest bound down as intersections of the lists' sets, until the page is
 *   full and no pattern left can reach its worst score. Within a pattern, documents are scored
 *   from the highest own bound down (their scores in the short and few lists, which are smaller
 *   maps, plus the other lists' bests) until a bound cannot reach the page.
 * - When documents in none of the few could still rank, the lists are read best first instead
 *   (a threshold algorithm): the list whose next score is highest is read next, until no unread
 *   document can rank (the sum of every list's next score; a list held to a prefix bounds the rest
 *   by the prefix's last score). If reading is not closing in, the lists a document must be in to
 *   rank are found and the shortest is swept.
 * - Scores are computed as the scan computes them (the same additions in the same order: the same
 *   float, bit for bit). Equal scores rank in MiniSearch's order of discovery: by the first (index
 *   word, field) list of the deciding query word that holds the document, then by document number
 *   (a posting map's insertion order, since numbers only grow).
 *
 * Returns undefined (the caller scans) when the query reads too many lists, or when no way above
 * closes in on the page.
 */
function prunedSearch(
  internals: Internals,
  table: DocumentTable,
  words: { source: string; derived: Derived[] }[],
  fields: Field[],
  query: RankedQuery,
): RankedAnswer | undefined {
  let listCount = 0
  for (const word of words)
    for (const { data } of word.derived) for (const field of fields) if (data.has(field.id)) listCount += 1
  if (listCount > PRUNING.maxLists) return undefined

  const and = query.combineWith === 'AND'
  const { live, lengths, codes, values, setWords } = table
  const scratch = scratchOf(table)
  const { matches: matchSet, wordMatches, seen, touched, total, order } = scratch

  // The query's matches as a set; its lists, per word.
  const probes: Probe[][] = []
  const all: Probe[] = []
  const repeats: boolean[] = []
  const sources = new Set<string>()
  for (const [wordIndex, word] of words.entries()) {
    repeats.push(sources.has(word.source))
    sources.add(word.source)
    const target = wordIndex === 0 ? matchSet : wordMatches
    target.fill(0)
    const wordProbes: Probe[] = []
    for (const { term, weight, data } of word.derived) {
      const entry = termEntry(internals, table, fields, term, data)
      const set = entry.set
      if (set) unite(target, set)
      else for (const field of fields) addLive(target, data.get(field.id), live)
      for (const field of fields) {
        const list = entry.lists[field.id]
        const postings = data.get(field.id)
        if (!list || !postings) continue
        const factor = factorOf(weight, field)
        const probe: Probe = {
          term,
          list,
          postings,
          factor,
          fieldLengths: lengths[field.id]!,
          avgLength: internals._avgFieldLength[field.id]!,
          top: factor * (list.raws[0] ?? 0),
          at: 0,
        }
        wordProbes.push(probe)
        all.push(probe)
      }
    }
    probes.push(wordProbes)
    if (wordIndex > 0) (and ? intersect : unite)(matchSet, wordMatches)
  }

  // Counts by group code (code 0: documents without a value).
  let matches = 0
  for (let at = 0; at < setWords; at += 1) matches += popcount(matchSet[at]!)
  if (matches === 0) return { matches: 0, groups: {}, total: 0, hits: [] }
  const counts = new Float64Array(values.length)
  counts[0] = matches
  if (values.length > 1) {
    const sets = groupSetsOf(table)
    for (let code = 1; code < values.length; code += 1) {
      const set = sets[code]!
      let count = 0
      for (let at = 0; at < setWords; at += 1) count += popcount(matchSet[at]! & set[at]!)
      counts[code] = count
      counts[0] = counts[0]! - count
    }
  }
  const groups = query.group === undefined ? {} : groupCounts(values, counts)
  const only = query.only == null ? -1 : values.indexOf(query.only)
  const accepted = query.only == null ? matches : only < 0 ? 0 : counts[only]!
  const keep = query.skip + query.take
  if (accepted === 0 || keep === 0) return { matches, groups, total: accepted, hits: [], pruned: true }

  const quality = sources.size
  // Sums in another order differ in the last bits at most: bounds are widened by far more than that.
  const widen = 1 + 1e-9
  const weighted = (probe: Probe, docId: number, termFreq: number) =>
    probe.factor * bm25(probe.list.invDocFreq, termFreq, probe.fieldLengths[docId]!, probe.avgLength)

  // A document's score as the scan computes it (into `total`), and its order of discovery (into `order`).
  const scoreDocument = (docId: number) => {
    let sum = 0
    let matchedWords = 0
    let key = -1
    for (let wordIndex = 0; wordIndex < probes.length; wordIndex += 1) {
      const wordProbes = probes[wordIndex]!
      let termScore = 0
      let first = -1
      for (let index = 0; index < wordProbes.length; index += 1) {
        const probe = wordProbes[index]!
        const termFreq = probe.postings.get(docId)
        if (termFreq === undefined) continue
        termScore += weighted(probe, docId, termFreq)
        if (first < 0) first = index
      }
      if (first < 0) continue
      sum += termScore
      if (!repeats[wordIndex]) matchedWords += 1
      // AND: the last word's order of discovery decides; OR: the first word that found the document.
      if (and) key = first * 2 ** 32 + docId
      else if (key < 0) key = (wordIndex * 4096 + first) * 2 ** 32 + docId
    }
    total[docId] = sum * (and ? quality : matchedWords)
    order[docId] = key
  }

  // Short lists (rare words: near misses and longer forms, often with the highest bests) are read
  // whole first, so every document left unread is in none of them. Of the others, the few with the
  // highest bests sort documents into patterns; `loose` is the sum of the rest's bests.
  const short = all.filter((probe) => probe.postings.size <= PRUNING.shortList)
  const long = all.filter((probe) => probe.postings.size > PRUNING.shortList).sort((x, y) => y.top - x.top)
  const few = long.filter((probe, at) => at < PRUNING.patternLists && probe.top >= long[0]!.top * PRUNING.patternShare)
  const fewSets = few.map((probe) => fieldSet(table, probe))
  let loose = 0
  for (const probe of long) if (!few.includes(probe)) loose += probe.top

  const scoreOf = (docId: number) => total[docId]!
  const best = new Best(keep, scoreOf, (docId) => order[docId]!)
  let seenCount = 0
  let acceptedSeen = 0
  /** Marks a document read; true when it is an accepted match (not read before). */
  const admit = (docId: number): boolean => {
    seen[docId] = 1
    touched[seenCount++] = docId
    if (!setHas(matchSet, docId) || (query.only != null && codes[docId] !== only)) return false
    acceptedSeen += 1
    return true
  }
  /** At least a document's score: its scores in the short and the few lists (smaller maps, usually) and the other lists' bests. */
  const boundOf = (docId: number): number => {
    let bound = loose
    for (const probe of short) {
      const termFreq = probe.postings.get(docId)
      if (termFreq !== undefined) bound += weighted(probe, docId, termFreq)
    }
    for (const [at, probe] of few.entries())
      if (setHas(fewSets[at]!, docId)) bound += weighted(probe, docId, probe.postings.get(docId)!)
    return bound * quality * widen
  }
  /** Reads a document not seen before: scored and offered when it is an accepted match that can rank. */
  const consider = (docId: number) => {
    if (!admit(docId) || (best.full && boundOf(docId) < best.worstScore)) return
    scoreDocument(docId)
    best.offer(docId)
  }

  /** Patterns of the few lists from the highest bound down; false on reaching the empty pattern. */
  const byPatterns = (): boolean => {
    const patterns: { mask: number; bound: number }[] = []
    for (let mask = (1 << few.length) - 1; mask >= 0; mask -= 1) {
      let sum = loose
      for (const [at, probe] of few.entries()) if (mask & (1 << at)) sum += probe.top
      patterns.push({ mask, bound: sum * quality * widen })
    }
    patterns.sort((x, y) => y.bound - x.bound)
    const group = query.only != null ? groupSetsOf(table)[only] : undefined
    const members = wordMatches
    for (const { mask, bound } of patterns) {
      if (best.full && bound < best.worstScore) return true
      if (mask === 0) return false
      members.set(matchSet)
      if (group) intersect(members, group)
      for (const [at, set] of fewSets.entries()) if (mask & (1 << at)) intersect(members, set)
      // The pattern's documents, scored from the highest bound down, until a bound cannot reach the page.
      const pending: { docId: number; bound: number }[] = []
      for (let at = 0; at < setWords; at += 1) {
        let bits = members[at]!
        while (bits !== 0) {
          const low = bits & -bits
          bits ^= low
          const docId = at * 32 + 31 - Math.clz32(low)
          if (seen[docId] === 0 && admit(docId)) pending.push({ docId, bound: boundOf(docId) })
        }
      }
      pending.sort((x, y) => y.bound - x.bound)
      for (const { docId, bound: reach } of pending) {
        if (best.full && reach < best.worstScore) break
        scoreDocument(docId)
        best.offer(docId)
      }
    }
    return true
  }

  /**
   * With a full page: the lists a document must be in to reach it (without list L, a document
   * scores at most the sum of every other list's best). When there are some, the documents of the
   * shortest are the only ones left to read.
   */
  const sweep = (): boolean => {
    let sum = 0
    for (const probe of long) sum += probe.top
    const required = long.filter((probe) => (sum - probe.top) * quality * widen < best.worstScore)
    if (required.length === 0) return false
    required.sort((x, y) => x.postings.size - y.postings.size)
    const [shortest, ...rest] = required
    shortest!.postings.forEach((_, docId) => {
      if (live[docId] === 0 || seen[docId] === 1) return
      for (const other of rest) if (!other.postings.has(docId)) return
      consider(docId)
    })
    return true
  }

  /** The lists read best first until no unread document can rank; false when that does not close in. */
  const bestFirst = (): boolean => {
    let steps = 0
    let budget = PRUNING.steps
    while (acceptedSeen < accepted) {
      let bound = 0
      let next: Probe | undefined
      let nextScore = -1
      for (const probe of long) {
        const { ids, raws, rest } = probe.list
        const held = probe.at < ids.length
        const score = probe.factor * (held ? raws[probe.at]! : rest)
        bound += score
        if (held && score > nextScore) {
          next = probe
          nextScore = score
        }
      }
      if (best.full && bound * quality * widen < best.worstScore) return true
      if (!next || steps >= budget) {
        if (best.full && sweep()) return true
        if (!next || budget >= PRUNING.maxSteps) return false
        budget *= 2
      }
      steps += 1
      const docId = next.list.ids[next.at]!
      next.at += 1
      if (seen[docId] === 0) consider(docId)
    }
    return true
  }

  try {
    for (const probe of short)
      probe.postings.forEach((_, docId) => {
        if (live[docId] === 1 && seen[docId] === 0) consider(docId)
      })
    if (!byPatterns() && !bestFirst()) return undefined
    const hits = hitsOf(internals, words, fields, best.ranked().slice(query.skip), scoreOf)
    return { matches, groups, total: accepted, hits, pruned: true }
  } finally {
    clearTouched(scratch, seenCount)
  }
}
