/**
 * Ranked search over a MiniSearch index, producing MiniSearch's own ranking (the same BM25 scores,
 * bit for bit, and the same order for equal scores) at a fraction of its cost on large indexes.
 *
 * Why not `engine.search`: it builds an object per matching document (score, matched terms, a
 * copy of its stored fields), merges them in Maps per query word and sorts them all, although a
 * search page shows ten. When most documents match (common words, a large site), that is about
 * 1.5 s per query at 100,000 documents, holding the event loop. Here scores are summed in typed
 * arrays indexed by MiniSearch's internal document number, and only the requested page is
 * selected (a bounded heap) and turned into objects.
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

/** The engine's options; its tokenizer and term processing are given (MiniSearch's defaults are not repeated here). */
type Settings = Required<Pick<Options, 'fields' | 'tokenize' | 'processTerm'>> & { searchOptions?: SearchOptions }

/**
 * The query words as MiniSearch derives them from `text` (its tokenizer and term processing), and
 * for each the index words it matches with their weights, in the order MiniSearch visits them.
 */
function expand(internals: Internals, settings: Settings, text: string): { source: string; derived: Derived[] }[] {
  const options = settings.searchOptions ?? {}
  const words: string[] = []
  for (const token of settings.tokenize(text)) {
    const processed = settings.processTerm(token)
    for (const word of Array.isArray(processed) ? processed : [processed]) if (word) words.push(word)
  }
  const prefixWeight = options.weights?.prefix ?? DEFAULT_WEIGHTS.prefix
  const fuzzyWeight = options.weights?.fuzzy ?? DEFAULT_WEIGHTS.fuzzy
  const maxFuzzy = options.maxFuzzy ?? 6
  return words.map((term, index) => {
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
    return { source: term, derived }
  })
}

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
  }
  tables.set(internals, table)
  return table
}

/** Is `a` ranked before `b`? Higher score first; equal scores keep MiniSearch's order of discovery. */
const before = (scoreA: number, orderA: number, scoreB: number, orderB: number) =>
  scoreA > scoreB || (scoreA === scoreB && orderA < orderB)

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
  const words = expand(internals, settings, text)
  const none: RankedAnswer = { matches: 0, groups: {}, total: 0, hits: [] }
  if (words.length === 0) return none
  const dirty = internals._dirtCount > 0
  const boosts = settings.searchOptions?.boost ?? {}
  const fields = settings.fields.map((field) => ({ id: internals._fieldIds[field]!, boost: boosts[field] || 1 }))
  const table = documentTable(
    internals,
    fields.map((field) => field.id),
    query.group,
  )
  const { live, lengths, codes, values } = table
  const { total, matched, order, termScore, termSeq, found, candidates, touched } = scratchOf(table)
  let touchedCount = 0
  try {
    const { k, b, d } = BM25
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
          const invDocFreq = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5))
          const factor = weight * 1 * field.boost * 1
          const avgLength = internals._avgFieldLength[field.id]!
          const fieldLengths = lengths[field.id]!
          postings.forEach((termFreq, docId) => {
            if (live[docId] === 0) return
            const fieldLength = fieldLengths[docId]!
            const raw =
              invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgLength)))
            const weighted = factor * raw
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

    // The page: a min-heap of the best `skip + take` accepted matches (worst at the root).
    const quality = and ? seenWords.size : 0
    const keep = query.skip + query.take
    const heap: number[] = []
    const scoreOf = (docId: number) => total[docId]! * (and ? quality : matched[docId]!)
    const worse = (i: number, j: number) =>
      before(scoreOf(heap[j]!), order[heap[j]!]!, scoreOf(heap[i]!), order[heap[i]!]!)
    const swap = (i: number, j: number) => {
      const held = heap[i]!
      heap[i] = heap[j]!
      heap[j] = held
    }
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
      if (keep === 0) continue
      if (heap.length < keep) {
        heap.push(docId)
        for (let at = heap.length - 1; at > 0;) {
          const parent = (at - 1) >> 1
          if (!worse(at, parent)) break
          swap(at, parent)
          at = parent
        }
      } else if (before(scoreOf(docId), order[docId]!, scoreOf(heap[0]!), order[heap[0]!]!)) {
        heap[0] = docId
        for (let at = 0; ;) {
          const left = 2 * at + 1
          const right = left + 1
          let worst = at
          if (left < heap.length && worse(left, worst)) worst = left
          if (right < heap.length && worse(right, worst)) worst = right
          if (worst === at) break
          swap(at, worst)
          at = worst
        }
      }
    }
    const ranked = heap.sort((x, y) => (before(scoreOf(x), order[x]!, scoreOf(y), order[y]!) ? -1 : 1))
    const hits = ranked.slice(query.skip).map((docId) => {
      const terms: string[] = []
      for (const word of words)
        for (const { term, data } of word.derived)
          if (!terms.includes(term) && fields.some((field) => data.get(field.id)?.has(docId))) terms.push(term)
      return { stored: internals._storedFields.get(docId) ?? {}, score: scoreOf(docId), terms }
    })
    const groups: Record<string, number> = {}
    if (query.group !== undefined)
      for (const [code, count] of counts.entries()) if (code > 0 && count > 0) groups[values[code]!] = count
    return { matches: candidateCount, groups, total: accepted, hits }
  } finally {
    // Leave the arrays zero for the next query (only the entries this one set).
    for (let at = 0; at < touchedCount; at += 1) {
      const docId = touched[at]!
      total[docId] = 0
      matched[docId] = 0
      order[docId] = 0
    }
  }
}
