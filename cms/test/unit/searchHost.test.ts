/**
 * The search engine in a worker thread answers exactly as the one in process (the same documents,
 * changes and queries give deep-equal answers), and a worker that is slow or gone gives a
 * SearchUnavailable rather than a hang.
 */
import { afterEach, describe, expect, it } from 'vitest'

import type { SearchDocument, SearchParams, SearchType } from '@mspn/contract/search'

import { processHost, SearchUnavailable, workerHost, type SearchHost } from '../../src/search/searchHost'

const WORDS = ['harbour', 'lantern', 'granite', 'meadow', 'copper', 'signal', 'orchard', 'glacier', 'ember', 'quill']
const TYPES: SearchType[] = ['posts', 'pages', 'services', 'projects', 'demos']

/** Documents from a small vocabulary, so queries match many of them and ranking matters. */
function documents(count: number, seed = 11): SearchDocument[] {
  let state = seed
  const next = (n: number) => {
    state = (state * 48271) % 2147483647
    return state % n
  }
  const words = (n: number) => Array.from({ length: n }, () => WORDS[next(WORDS.length)]).join(' ')
  return Array.from({ length: count }, (_, index) => {
    const type = TYPES[next(TYPES.length)]!
    return {
      key: `${type}:${index + 1}`,
      type,
      id: String(index + 1),
      title: `${words(2)} ${index + 1}`,
      url: `/${type}/${index + 1}`,
      summary: words(6),
      body: words(40),
    }
  })
}

const QUERIES: SearchParams[] = [
  { q: 'harbour' },
  { q: 'lantern granite', limit: 20, page: 2 },
  { q: 'copper', type: 'posts' },
  { q: 'glaciers' },
  { q: 'emb qui' },
  { q: 'nothingmatches' },
]

const hosts: SearchHost[] = []
const worker = (options: Partial<Parameters<typeof workerHost>[0]> = {}) => {
  const host = workerHost({ onExit: () => undefined, ...options })
  hosts.push(host)
  return host
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()))
})

async function fill(host: SearchHost, docs: SearchDocument[]): Promise<void> {
  host.begin()
  for (let at = 0; at < docs.length; at += 100) host.add(docs.slice(at, at + 100))
  await host.commit()
}

describe('a worker host', () => {
  it('answers every query as the engine in process does, before and after changes', async () => {
    const docs = documents(600)
    const here = processHost()
    const there = worker()
    await Promise.all([fill(here, docs), fill(there, docs)])
    expect(there.size()).toBe(600)
    for (const params of QUERIES) expect(await there.search(params)).toEqual(await here.search(params))

    const changed = { ...docs[3]!, title: 'a renamed harbour' }
    for (const host of [here, there]) {
      host.upsert(changed)
      host.remove(docs[4]!.key)
      host.upsert({ ...docs[0]!, key: 'posts:9999', id: '9999', title: 'quill quill quill' })
    }
    for (const params of [...QUERIES, { q: 'renamed' }, { q: 'quill', limit: 5 }])
      expect(await there.search(params)).toEqual(await here.search(params))
    expect(there.size()).toBe(here.size())
    expect(there.size()).toBe(600)
  })

  it('keeps answering from the live engine during a build, and switches on commit', async () => {
    const there = worker()
    await fill(there, documents(50))
    const before = await there.search({ q: 'harbour' })
    there.begin()
    there.add(documents(80, 5))
    expect(await there.search({ q: 'harbour' })).toEqual(before)
    await there.commit()
    expect(there.size()).toBe(80)
    const here = processHost()
    await fill(here, documents(80, 5))
    expect(await there.search({ q: 'harbour' })).toEqual(await here.search({ q: 'harbour' }))
  })

  it('rejects a search that waits past its deadline with SearchUnavailable', async () => {
    const there = worker({ timeoutMs: 1 })
    // Thousands of changes queued ahead of the search keep the worker busy far longer than 1 ms.
    for (const doc of documents(3000)) there.upsert(doc)
    await expect(there.search({ q: 'harbour' })).rejects.toBeInstanceOf(SearchUnavailable)
  })

  it('reports a worker that stops, and fails its waiting and later searches at once', async () => {
    const stopped: Error[] = []
    const there = worker({ onExit: (error) => stopped.push(error) })
    await fill(there, documents(20))
    for (const doc of documents(3000, 3)) there.upsert(doc)
    const waiting = there.search({ q: 'harbour' })
    await there.worker.terminate()
    await expect(waiting).rejects.toBeInstanceOf(SearchUnavailable)
    await expect(there.search({ q: 'harbour' })).rejects.toBeInstanceOf(SearchUnavailable)
    expect(stopped).toHaveLength(1)
    expect(stopped[0]!.message).toMatch(/exited/)
  })

  it('ends on a message it does not know, and says so', async () => {
    const stopped: Error[] = []
    const there = worker({ onExit: (error) => stopped.push(error) })
    there.worker.postMessage({ kind: 'nonsense' })
    await expect.poll(() => stopped.length).toBe(1)
    expect(stopped[0]!.message).toMatch(/unknown message/)
  })

  it('does not report its own close as a stop', async () => {
    const stopped: Error[] = []
    const there = worker({ onExit: (error) => stopped.push(error) })
    await fill(there, documents(10))
    await there.close()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(stopped).toEqual([])
    await expect(there.search({ q: 'harbour' })).rejects.toBeInstanceOf(SearchUnavailable)
  })
})
