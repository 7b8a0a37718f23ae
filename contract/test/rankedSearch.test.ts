/**
 * The ranked search against MiniSearch's own `search`: on random corpora (words that share
 * prefixes and sit one or two edits apart, so prefix and typo matching both expand), after
 * replacements and removals, for AND and OR, every ranked list must be MiniSearch's: the same
 * documents in the same order, the same scores to the last bit, the same matched words. Pages and
 * the accept filter are checked against slices of the whole list.
 */
import MiniSearch from 'minisearch'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { PRUNING, prunedBytes, rankedSearch, type RankedHit, type RankedQuery } from '../src/rankedSearch'
import { SEARCH_ENGINE_OPTIONS, SEARCH_TYPES, type SearchDocument } from '../src/search'

/** Deterministic pseudo-random numbers in [0, 1) (Park–Miller). */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 48271) % 2147483647
    return state / 2147483647
  }
}

// Stems with longer forms (prefix matches) and near misses (typo matches).
const STEMS = ['cache', 'cached', 'caches', 'caching', 'catch', 'deploy', 'deployment', 'deplay', 'design', 'designer']
const MORE = ['sign', 'signal', 'singal', 'render', 'renders', 'rendering', 'tender', 'ux', 'api', 'apis', 'apex']
const VOCABULARY = [...STEMS, ...MORE]

interface World {
  engine: MiniSearch<SearchDocument>
  rand: () => number
}

function world(seed: number, documents: number): World {
  const rand = random(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!
  const words = (max: number) => Array.from({ length: Math.floor(rand() * max) }, () => pick(VOCABULARY)).join(' ')
  const engine = new MiniSearch<SearchDocument>(SEARCH_ENGINE_OPTIONS)
  const make = (index: number): SearchDocument => {
    const type = pick(SEARCH_TYPES)
    return {
      key: `${type}:${index}`,
      type,
      id: String(index),
      title: words(4) || 'untitled',
      url: `/${type}/${index}`,
      // Some documents have no summary, some repeat their title (equal scores are common then).
      summary: rand() < 0.2 ? '' : words(8),
      body: words(40),
    }
  }
  const keys: string[] = []
  for (let index = 0; index < documents; index += 1) {
    const doc = make(index)
    engine.add(doc)
    keys.push(doc.key)
  }
  // Edits and removals leave stale postings behind until MiniSearch vacuums.
  for (let edit = 0; edit < documents / 10; edit += 1) {
    const key = pick(keys)
    if (!engine.has(key)) continue
    const [type, id] = key.split(':') as [SearchDocument['type'], string]
    if (rand() < 0.5) engine.discard(key)
    else engine.replace({ ...make(Number(id)), key, type })
  }
  return { engine, rand }
}

const describeHit = (hit: RankedHit) => ({
  key: `${String(hit.stored.type)}:${String(hit.stored.id)}`,
  score: hit.score,
  terms: [...hit.terms].sort(),
})

function miniSearchList(engine: MiniSearch<SearchDocument>, text: string, combineWith: 'AND' | 'OR') {
  return engine.search(text, { combineWith }).map((result) => ({
    key: `${String(result.type)}:${String(result.id)}`,
    score: result.score,
    terms: [...result.terms].sort(),
  }))
}

const rank = (engine: MiniSearch<SearchDocument>, text: string, combineWith: 'AND' | 'OR') =>
  rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, { combineWith, skip: 0, take: 10_000 })

describe('ranked search (MiniSearch internals, MiniSearch ranking)', () => {
  it('ranks as engine.search does, on random corpora, queries and edits', async () => {
    let compared = 0
    let nonEmpty = 0
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { engine, rand } = world(seed, 40 + seed * 30)
      expect(engine.dirtCount, 'edits left stale postings behind').toBeGreaterThan(0)
      const queries = Array.from({ length: 40 }, () => {
        const count = 1 + Math.floor(rand() * 3)
        // Whole words, their first letters (prefixes), and words with a letter changed (typos).
        return Array.from({ length: count }, () => {
          const word = VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!
          const roll = rand()
          if (roll < 0.3) return word.slice(0, 3 + Math.floor(rand() * 2))
          if (roll < 0.5 && word.length > 4) return `${word.slice(0, 2)}x${word.slice(3)}`
          return word
        }).join(' ')
      })
      // Stale postings are skipped, not counted: the answer is the one after MiniSearch's vacuum
      // (its own search counts them until it has met each one as often as its term frequency).
      const beforeVacuum = queries.map((text) => [rank(engine, text, 'AND'), rank(engine, text, 'OR')] as const)
      await engine.vacuum()
      expect(engine.dirtCount).toBe(0)
      for (const [index, text] of queries.entries()) {
        for (const [at, combineWith] of (['AND', 'OR'] as const).entries()) {
          const expected = miniSearchList(engine, text, combineWith)
          const label = `${text} (${combineWith}, seed ${seed})`
          expect(beforeVacuum[index]![at]!.hits.map(describeHit), `${label}, before the vacuum`).toEqual(expected)
          const ranked = rank(engine, text, combineWith)
          expect(ranked.hits.map(describeHit), label).toEqual(expected)
          expect(ranked.matches).toBe(expected.length)
          expect(ranked.total).toBe(expected.length)
          compared += 1
          if (expected.length > 0) nonEmpty += 1
        }
      }
    }
    expect(compared).toBe(6 * 40 * 2)
    // The corpora and queries are not trivially empty.
    expect(nonEmpty).toBeGreaterThan(compared / 2)
  })

  it('pages and filters as slices of the whole ranked list', async () => {
    const { engine } = world(11, 300)
    await engine.vacuum()
    const text = 'cache design'
    for (const combineWith of ['AND', 'OR'] as const) {
      const whole = miniSearchList(engine, text, combineWith)
      expect(whole.length).toBeGreaterThan(20)
      for (const [skip, take] of [
        [0, 5],
        [5, 5],
        [17, 3],
        [whole.length - 2, 10],
        [whole.length + 5, 10],
      ] as const) {
        const page = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, { combineWith, skip, take })
        expect(page.hits.map(describeHit), `${combineWith} ${skip}+${take}`).toEqual(whole.slice(skip, skip + take))
      }
      const byType: Record<string, typeof whole> = {}
      for (const hit of whole) (byType[hit.key.split(':')[0]!] ??= []).push(hit)
      const counts = Object.fromEntries(Object.entries(byType).map(([type, hits]) => [type, hits.length]))
      expect(Object.keys(counts).length).toBeGreaterThan(1)
      for (const only of [...Object.keys(counts), 'nothing-has-this-type']) {
        const filtered = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, {
          combineWith,
          skip: 2,
          take: 4,
          group: 'type',
          only,
        })
        const ofType = byType[only] ?? []
        expect(filtered.matches).toBe(whole.length)
        expect(filtered.groups).toEqual(counts)
        expect(filtered.total).toBe(ofType.length)
        expect(filtered.hits.map(describeHit), only).toEqual(ofType.slice(2, 6))
      }
      // Without a group nothing is counted by it; with one and no filter, every match is kept.
      expect(rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, { combineWith, skip: 0, take: 1 }).groups).toEqual({})
      const grouped = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, {
        combineWith,
        skip: 0,
        take: 3,
        group: 'type',
      })
      expect(grouped.total).toBe(whole.length)
      expect(grouped.hits.map(describeHit)).toEqual(whole.slice(0, 3))
    }
  })

  it('answers nothing for no words, unknown words, and an AND no document satisfies', async () => {
    const { engine } = world(21, 50)
    await engine.vacuum()
    for (const text of ['', '   ', 'zzzzqqq', 'cache zzzzqqq'])
      expect(rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, { combineWith: 'AND', skip: 0, take: 10 })).toEqual({
        matches: 0,
        groups: {},
        total: 0,
        hits: [],
      })
    expect(
      rankedSearch(engine, SEARCH_ENGINE_OPTIONS, 'cache zzzzqqq', { combineWith: 'OR', skip: 0, take: 10 }).matches,
    ).toBe(miniSearchList(engine, 'cache zzzzqqq', 'OR').length)
  })

  describe('pruned path (sets for counts, lists read best first for the page)', () => {
    const defaults = { ...PRUNING }
    // These corpora are small: every list would be short and read whole. Tests choose otherwise.
    beforeEach(() => Object.assign(PRUNING, { shortList: 0 }))
    afterEach(() => Object.assign(PRUNING, defaults))

    const answer = (engine: MiniSearch<SearchDocument>, text: string, query: RankedQuery, pruned: boolean) => {
      // Pruned from any size, or never.
      PRUNING.from = pruned ? 0 : Number.POSITIVE_INFINITY
      const result = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, query)
      return { ...result, hits: result.hits.map(describeHit) }
    }
    const same = (a: ReturnType<typeof answer>, b: ReturnType<typeof answer>) => {
      const { pruned: _pruned, ...rest } = a
      expect(rest).toEqual(b)
    }

    it('answers every page, filter and count as the scan does, to the last bit', async () => {
      let prunedAnswers = 0
      let compared = 0
      for (const [seed, prefix, steps, patternLists, shortList] of [
        [31, 4096, 256, 4, 0],
        [32, 12, 256, 0, 0],
        [33, 3, 256, 4, 20],
        [34, 40, 2, 0, 0],
        [35, 4096, 1, 0, 30],
        [36, 4096, 4, 1, 0],
        [37, 4096, 256, 4, 60],
      ] as const) {
        // Short lists are read whole first; without pattern lists the others are read best first;
        // a short held prefix runs out, and few steps stop reading early: then the documents that
        // can still rank are swept, or the query is scanned. Every way gives the same answer.
        PRUNING.listPrefix = prefix
        PRUNING.steps = steps
        PRUNING.patternLists = patternLists
        PRUNING.shortList = shortList
        const { engine, rand } = world(seed, 400)
        for (const vacuumed of [false, true]) {
          if (vacuumed) await engine.vacuum()
          for (let q = 0; q < 30; q += 1) {
            const count = 1 + Math.floor(rand() * 3)
            const text = Array.from({ length: count }, () => {
              const word = VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!
              return rand() < 0.3 ? word.slice(0, 3) : word
            }).join(' ')
            for (const combineWith of ['AND', 'OR'] as const) {
              const skip = Math.floor(rand() * 3) * 5
              const take = 1 + Math.floor(rand() * 10)
              const only = rand() < 0.3 ? SEARCH_TYPES[Math.floor(rand() * SEARCH_TYPES.length)]! : null
              const query: RankedQuery = { combineWith, skip, take, group: 'type', only }
              const pruned = answer(engine, text, query, true)
              const scanned = answer(engine, text, query, false)
              expect(scanned.pruned).toBeUndefined()
              same(pruned, scanned)
              compared += 1
              if (pruned.pruned) prunedAnswers += 1
            }
          }
        }
        if (prefix >= 400)
          expect(prunedAnswers, 'lists held whole: every answer with matches is pruned').toBeGreaterThan(0)
      }
      expect(compared).toBe(7 * 2 * 30 * 2)
      // Most answers took the pruned path (the rest ran out of a short prefix, or matched nothing).
      expect(prunedAnswers).toBeGreaterThan(compared / 3)
    })

    it('pages deep into equal scores as MiniSearch does', async () => {
      // Few words, short fields: many documents share a score, so the order of discovery decides.
      const { engine } = world(41, 600)
      await engine.vacuum()
      PRUNING.from = 0
      for (const text of ['api', 'cache', 'ux api', 'sign render'])
        for (const combineWith of ['AND', 'OR'] as const) {
          const whole = miniSearchList(engine, text, combineWith)
          for (const skip of [0, 10, 40]) {
            const page = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, { combineWith, skip, take: 10 })
            expect(page.pruned, `${text} ${combineWith} ${skip}`).toBe(true)
            expect(page.matches).toBe(whole.length)
            expect(page.hits.map(describeHit), `${text} ${combineWith} ${skip}`).toEqual(whole.slice(skip, skip + 10))
          }
        }
    })

    it("ranks equal scores found through different lists and words in MiniSearch's order", () => {
      // Mirror pairs: X has alpha in its title and beta in its summary, Y the other way round; Z has
      // only alpha, W only beta. The words are spread alike, so each pair scores the same float and
      // only the order of discovery tells them apart (which list of the last word found them, for
      // AND; which word found them first, for OR), not the document number.
      const engine = new MiniSearch<SearchDocument>(SEARCH_ENGINE_OPTIONS)
      const add = (key: string, title: string, summary: string, body = 'gamma') =>
        engine.add({ key: `posts:${key}`, type: 'posts', id: key, title, url: `/${key}`, summary, body })
      for (let i = 0; i < 12; i += 1) {
        add(`y${i}`, 'beta', 'alpha')
        add(`x${i}`, 'alpha', 'beta')
        add(`w${i}`, 'beta', 'delta')
        add(`z${i}`, 'alpha', 'delta')
        // V finds beta through its summary only, U through its title first and its body too: the
        // first list that holds a document decides, not the last.
        add(`v${i}`, 'alpha', 'beta', 'alpha')
        add(`u${i}`, 'beta', 'alpha', 'beta')
      }
      PRUNING.from = 0
      for (const combineWith of ['AND', 'OR'] as const) {
        const whole = miniSearchList(engine, 'alpha beta', combineWith)
        expect(new Set(whole.map((hit) => hit.score)).size, 'scores tie in groups').toBeLessThan(whole.length / 4)
        for (const skip of [0, 5, 10, 20, 30])
          for (const take of [1, 3, 8]) {
            const page = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, 'alpha beta', { combineWith, skip, take })
            expect(page.pruned).toBe(true)
            expect(page.hits.map(describeHit), `${combineWith} ${skip}+${take}`).toEqual(whole.slice(skip, skip + take))
          }
      }
    })

    it('scans instead when a query reads too many lists or asks for a deep page', async () => {
      const { engine } = world(51, 300)
      await engine.vacuum()
      PRUNING.from = 0
      PRUNING.maxLists = 2
      const wide = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, 'cache design', { combineWith: 'OR', skip: 0, take: 5 })
      expect(wide.pruned).toBeUndefined()
      expect(wide.hits.map(describeHit)).toEqual(miniSearchList(engine, 'cache design', 'OR').slice(0, 5))
      PRUNING.maxLists = defaults.maxLists
      expect(rankedSearch(engine, SEARCH_ENGINE_OPTIONS, 'api', { combineWith: 'OR', skip: 0, take: 5 }).pruned).toBe(
        true,
      )
      const deep = rankedSearch(engine, SEARCH_ENGINE_OPTIONS, 'api', { combineWith: 'OR', skip: 195, take: 10 })
      expect(deep.pruned).toBeUndefined()
    })

    it('holds what it reads per index word within its budget, and forgets it when the index changes', async () => {
      const { engine } = world(61, 300)
      await engine.vacuum()
      PRUNING.from = 0
      const search = (text: string, combineWith: 'AND' | 'OR', take: number) =>
        rankedSearch(engine, SEARCH_ENGINE_OPTIONS, text, { combineWith, skip: 0, take })
      const addPost = (id: string, title: string, text: string) =>
        engine.add({ key: `posts:${id}`, type: 'posts', id, title, url: `/blog/${id}`, summary: text, body: text })
      const first = search('cache', 'AND', 3)
      expect(first.pruned).toBe(true)
      // A new document with the word in its title ranks first at once.
      addPost('new', 'cache cache cache', 'cache')
      const after = search('cache', 'AND', 3)
      expect(after.matches).toBe(first.matches + 1)
      expect(describeHit(after.hits[0]!).key).toBe('posts:new')
      expect(after.hits.map(describeHit)).toEqual(miniSearchList(engine, 'cache', 'AND').slice(0, 3))
      // A word new to the index is found by a query word asked before (its expansion is not kept across changes).
      const before = search('render', 'OR', 1)
      addPost('new2', 'renderings', '')
      const longer = search('render', 'OR', 1)
      expect(longer.matches).toBe(before.matches + 1)
      expect(longer.hits.map(describeHit)).toEqual(miniSearchList(engine, 'render', 'OR').slice(0, 1))
      // Other settings (no prefix matching) expand the same word again, their own way.
      const exactOnly = {
        ...SEARCH_ENGINE_OPTIONS,
        searchOptions: { ...SEARCH_ENGINE_OPTIONS.searchOptions, prefix: false },
      }
      const exact = rankedSearch(engine, exactOnly, 'render', { combineWith: 'OR', skip: 0, take: 1 })
      expect(exact.matches).toBe(engine.search('render', { prefix: false }).length)
      expect(exact.matches).toBeLessThan(longer.matches)
      // What it holds grows with the words asked for, within the budget.
      const oneWord = prunedBytes(engine)
      expect(oneWord).toBeGreaterThan(0)
      search('design', 'AND', 3)
      const twoWords = prunedBytes(engine)
      expect(twoWords).toBeGreaterThan(oneWord)
      // With a budget smaller than one word's entry, only the last word is held, and every query
      // still answers the same.
      PRUNING.cacheBytes = 1
      for (const text of ['cache', 'design api', 'render', 'cache'])
        expect(search(text, 'OR', 4).hits.map(describeHit)).toEqual(miniSearchList(engine, text, 'OR').slice(0, 4))
      expect(prunedBytes(engine)).toBeLessThan(twoWords)
    })
  })
})
