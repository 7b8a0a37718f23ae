/**
 * Where the search engine lives: in this process (small sites), or in a worker thread of its own
 * (large ones, see searchIndex.ts). Both answer the same questions with the same code
 * (@mspn/contract/search), so an answer does not depend on where it was computed.
 *
 * Why a thread: MiniSearch keeps a Map entry per (word, field, document); at 100,000 posts that is
 * about 1.1 GB of objects. In the request thread's heap, every full collection marks all of it, and
 * the API's reads allocate enough to start one every few hundred MB (the server's
 * `--heap-growing-percent=20`), so every read at that size paid for the index. A worker has a heap
 * of its own: it is collected only when search itself allocates. A worker costs about 20 MB (its
 * own isolate and the TypeScript loader), which is why small indexes stay in process.
 */
import { Worker } from 'node:worker_threads'

import {
  createSearchEngine,
  removeDocument,
  runSearch,
  upsertDocument,
  type SearchAnswer,
  type SearchDocument,
  type SearchEngine,
  type SearchParams,
} from '@mspn/contract/search'

export interface SearchHost {
  readonly kind: 'process' | 'worker'
  /** Starts a fresh engine for a build; the live one answers until commit(). */
  begin: () => void
  /** Adds documents to the engine begun last. */
  add: (docs: SearchDocument[]) => void
  /** Makes the engine begun last the live one (resolves once it answers). */
  commit: () => Promise<void>
  upsert: (doc: SearchDocument) => void
  remove: (key: string) => void
  /** Rejects with SearchUnavailable when the engine cannot answer in time (a worker busy or gone). */
  search: (params: SearchParams) => Promise<SearchAnswer>
  /** Documents in the live engine. */
  size: () => number
  close: () => Promise<void>
}

/** The engine could not answer: the route says 503 with Retry-After. */
export class SearchUnavailable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SearchUnavailable'
  }
}

/** The engine in this thread: every call runs at once. */
export function processHost(): SearchHost {
  let live: SearchEngine = createSearchEngine()
  let fresh: SearchEngine | null = null
  return {
    kind: 'process',
    begin: () => {
      fresh = createSearchEngine()
    },
    add: (docs) => {
      if (!fresh) throw new Error('search: documents added before a build began')
      for (const doc of docs) upsertDocument(fresh, doc)
    },
    commit: async () => {
      if (fresh) live = fresh
      fresh = null
    },
    upsert: (doc) => upsertDocument(live, doc),
    remove: (key) => removeDocument(live, key),
    search: async (params) => runSearch(live, params),
    size: () => live.documentCount,
    close: async () => undefined,
  }
}

/** Messages to the worker (searchWorker.ts). */
export type ToWorker =
  | { kind: 'begin' }
  | { kind: 'add'; docs: SearchDocument[] }
  | { kind: 'commit'; id: number }
  | { kind: 'upsert'; doc: SearchDocument }
  | { kind: 'remove'; key: string }
  | { kind: 'search'; id: number; params: SearchParams }

/** Messages from the worker: `size` follows every change of the live engine. */
export type FromWorker =
  | { kind: 'answer'; id: number; answer: SearchAnswer }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'committed'; id: number }
  | { kind: 'size'; size: number }

export interface WorkerHostOptions {
  /** How long a search or a commit may wait for the worker (it answers in order, one at a time). */
  timeoutMs?: number
  /** The worker stopped without close() (a crash, running out of memory): its engine is gone. */
  onExit: (error: Error) => void
}

export interface WorkerHost extends SearchHost {
  readonly kind: 'worker'
  /** The thread (tests stop it to see the index recover). */
  readonly worker: Worker
}

/** How long a commit may wait for the worker to index what the build sent it. */
const COMMIT_WAIT_MS = 10 * 60_000
const ENTRY = new URL('./searchWorkerEntry.mjs', import.meta.url)

export function workerHost({ timeoutMs = 5000, onExit }: WorkerHostOptions): WorkerHost {
  // No inherited Node options: the entry registers the TypeScript loader itself (V8's heap flags are
  // the process's, so the worker's heap follows them anyway).
  const worker = new Worker(ENTRY, { execArgv: [], name: 'search' })
  // A process that forgets close() still exits; close() ends the thread in every other case.
  worker.unref()
  let size = 0
  let nextId = 1
  let gone: Error | null = null
  let closing = false
  const pending = new Map<
    number,
    { done: (value: unknown) => void; fail: (error: Error) => void; timer: NodeJS.Timeout }
  >()

  const settle = (id: number) => {
    const waiting = pending.get(id)
    if (waiting) {
      pending.delete(id)
      clearTimeout(waiting.timer)
    }
    return waiting
  }

  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'size') size = message.size
    else if (message.kind === 'answer') settle(message.id)?.done(message.answer)
    else if (message.kind === 'committed') settle(message.id)?.done(undefined)
    else settle(message.id)?.fail(new Error(message.message))
  })
  const stop = (error: Error) => {
    if (gone) return
    gone = error
    for (const id of [...pending.keys()]) settle(id)?.fail(new SearchUnavailable('The search index is being rebuilt.'))
    if (!closing) onExit(error)
  }
  worker.on('error', (error) => stop(error))
  worker.on('exit', (code) => stop(new Error(`the search worker exited with code ${code}`)))

  const send = (message: ToWorker) => {
    if (!gone) worker.postMessage(message)
  }
  function ask<T>(make: (id: number) => ToWorker, what: string, waitMs: number): Promise<T> {
    if (gone) return Promise.reject(new SearchUnavailable('The search index is being rebuilt.'))
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new SearchUnavailable(`The search index did not ${what} within ${waitMs} ms.`))
      }, waitMs)
      timer.unref()
      pending.set(id, { done: (value) => resolve(value as T), fail: reject, timer })
      worker.postMessage(make(id))
    })
  }

  return {
    kind: 'worker',
    worker,
    begin: () => send({ kind: 'begin' }),
    add: (docs) => send({ kind: 'add', docs }),
    // A commit waits behind every document of the build still queued for the worker.
    commit: () => ask<void>((id) => ({ kind: 'commit', id }), 'take the new documents', COMMIT_WAIT_MS),
    upsert: (doc) => send({ kind: 'upsert', doc }),
    remove: (key) => send({ kind: 'remove', key }),
    search: (params) => ask<SearchAnswer>((id) => ({ kind: 'search', id, params }), 'answer', timeoutMs),
    size: () => size,
    close: async () => {
      closing = true
      await worker.terminate()
    },
  }
}
