/**
 * The site-search index: an in-memory MiniSearch engine (settings in @mspn/contract/search) over
 * the published documents of the public, routed collections, read as an anonymous visitor reads
 * them (access control applies, so drafts and private fields never reach it).
 *
 * - Built at start from the database, a page of documents at a time.
 * - Kept current by the content events that purge the response cache (`change`: every save,
 *   drafts included, since an unpublish that follows a draft edit is not always announced as
 *   `published`): each change re-reads that one document's published state and adds, replaces or
 *   drops it. Changes to one document within the re-read delay share one read (autosave). Payload runs change hooks before
 *   its transaction commits, so the document is read shortly after the event and once more after
 *   SETTLE_MS (a read that raced the commit is corrected by the second).
 * - With Redis, the changed keys are published so every CMS process refreshes its own copy.
 * - From `workerFrom` published documents (counted before each build), the engine lives in a worker
 *   thread (searchHost.ts: its heap is then not marked by every collection of the request thread's);
 *   below, in this process. If the worker stops, the index is rebuilt here.
 */
import type { Redis } from 'ioredis'
import type { Payload, Where } from 'payload'
import type { Logger } from 'pino'

import type { ContentChange } from '@mspn/contract'
import {
  isSearchType,
  SEARCH_TYPES,
  searchDocumentOf,
  type SearchAnswer,
  type SearchDocument,
  type SearchParams,
  type SearchType,
} from '@mspn/contract/search'

import { contentEvents } from '../hooks/contentEvents'
import { SETTLE_MS } from '../server/publicReads/cache'
import { processHost, workerHost, type SearchHost } from './searchHost'

export interface SearchIndexOptions {
  payload: Payload
  logger: Logger
  /** Documents read per query while building. */
  pageSize?: number
  /** Delay of the first re-read after a change (the second follows SETTLE_MS later). */
  refreshDelayMs?: number
  /** Published documents from which the engine runs in a worker thread (SEARCH_WORKER_MIN_DOCUMENTS). */
  workerFrom?: number
  /** How long a search may wait for the worker before a 503. */
  workerTimeoutMs?: number
  /** Tells other processes which documents changed, and hears theirs. */
  redis?: { client: Redis; subscriber: Redis; prefix: string }
}

export interface SearchIndex {
  /** Resolves when the start-up build is done (it never rejects: a failure is logged and retried). */
  ready: Promise<void>
  isReady: () => boolean
  /** Rejects with SearchUnavailable when the engine cannot answer in time. */
  search: (params: SearchParams) => Promise<SearchAnswer>
  /** Re-reads one document now and updates the index. */
  refresh: (type: SearchType, id: string) => Promise<void>
  /** Number of indexed documents. */
  size: () => number
  /** Where the engine runs now (tests, logs). */
  host: () => SearchHost
  /** What /metrics reports (metrics.ts `setSearchFigures`). */
  figures: () => SearchFigures
  close: () => Promise<void>
}

export interface SearchFigures {
  /** Documents in the engine answering now. */
  documents: number
  /** The engine runs in a worker thread. */
  inWorker: boolean
  /** Workers that stopped on their own (the index was rebuilt in the process). */
  workerStops: number
}

const BUILD_RETRY_MS = 5000

export function createSearchIndex({
  payload,
  logger,
  pageSize = 100,
  refreshDelayMs = 50,
  workerFrom = 10_000,
  workerTimeoutMs,
  redis,
}: SearchIndexOptions): SearchIndex {
  let host: SearchHost = processHost()
  /** Set when a worker stopped on its own: from then on the engine stays in this process. */
  let workerFailed = false
  let workerStops = 0
  let ready = false
  let closed = false
  /** Changes heard while the start-up build runs: refreshed when it is done, so none is lost. */
  const heldBack = new Set<string>()
  const timers = new Set<NodeJS.Timeout>()
  const channel = `${redis?.prefix ?? ''}search:refresh`

  const hasDrafts = (type: SearchType) => Boolean(payload.collections[type]?.config.versions?.drafts)
  const published = (type: SearchType, where?: Where): Where | undefined => {
    if (!hasDrafts(type)) return where
    const status: Where = { _status: { equals: 'published' } }
    return where ? { and: [status, where] } : status
  }

  /**
   * As an anonymous visitor: published only, private fields removed by field access. The build
   * reads in ID order after the last ID it read (`after`), not by page number: an OFFSET reads and
   * skips every earlier row, and PostgreSQL computes each skipped row's relationships too, so
   * numbered pages of 100,000 posts took over a second each by the end (ten minutes for the
   * whole build), where each read after an ID takes milliseconds. No count either.
   */
  const readAfter = (type: SearchType, after: number | string | undefined, where?: Where) =>
    payload.find({
      collection: type,
      where: published(
        type,
        after === undefined ? where : { and: [{ id: { greater_than: after } }, ...(where ? [where] : [])] },
      ),
      overrideAccess: false,
      draft: false,
      depth: 0,
      limit: pageSize,
      pagination: false,
      sort: 'id',
    })

  /** Reads under way: close() waits for them, so none runs on against a database being closed. */
  const reading = new Set<Promise<unknown>>()
  const tracked = <T>(read: Promise<T>): Promise<T> => {
    reading.add(read)
    const settle = () => reading.delete(read)
    read.then(settle, settle)
    return read
  }

  /** Published documents to index, as the build will read them (one count per collection). */
  async function publishedCount(): Promise<number> {
    let total = 0
    for (const type of SEARCH_TYPES) {
      const { totalDocs } = await tracked(
        payload.count({ collection: type, where: published(type), overrideAccess: false }),
      )
      total += totalDocs
    }
    return total
  }

  /** The host the next build fills: a worker from `workerFrom` documents (once there, it stays). */
  async function hostForBuild(): Promise<SearchHost> {
    // No count when the answer does not depend on it (already in a worker, no worker, or always one).
    if (host.kind === 'worker' || workerFailed) return host
    if (workerFrom > 0 && (await publishedCount()) < workerFrom) return host
    const worker = workerHost({
      timeoutMs: workerTimeoutMs,
      onExit: (error) => {
        if (closed) return
        // During its build the build fails and is retried, in this process.
        workerFailed = true
        workerStops += 1
        if (host !== worker) return
        ready = false
        host = processHost()
        logger.error({ err: error }, 'search: the worker stopped; rebuilding the index in this process')
        attempt()
      },
    })
    return worker
  }

  async function build(): Promise<void> {
    const target = await hostForBuild()
    let committed = false
    target.begin()
    try {
      for (const type of SEARCH_TYPES) {
        let after: number | string | undefined
        for (;;) {
          if (closed) return
          const { docs } = await tracked(readAfter(type, after))
          const searchDocs: SearchDocument[] = []
          for (const doc of docs) {
            const searchDoc = searchDocumentOf(type, doc as unknown as Record<string, unknown>)
            if (searchDoc) searchDocs.push(searchDoc)
          }
          target.add(searchDocs)
          if (docs.length < pageSize || closed) break
          after = docs.at(-1)!.id as number | string
        }
      }
      await target.commit()
      committed = !closed
    } finally {
      // A new worker that does not become the host (a failed build, or close() meanwhile) ends here.
      if (!committed && target !== host) await target.close()
    }
    if (target !== host) {
      const previous = host
      host = target
      await previous.close()
    }
  }

  async function refresh(type: SearchType, id: string): Promise<void> {
    if (closed) return
    const key = `${type}:${id}`
    if (!ready) {
      heldBack.add(key)
      return
    }
    const { docs } = await tracked(readAfter(type, undefined, { id: { equals: id } }))
    const searchDoc = docs[0] ? searchDocumentOf(type, docs[0] as unknown as Record<string, unknown>) : null
    if (searchDoc) host.upsert(searchDoc)
    else host.remove(key)
  }

  const later = (ms: number, run: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, ms)
    timer.unref()
    timers.add(timer)
    return timer
  }

  const safeRefresh = (type: SearchType, id: string) =>
    refresh(type, id).catch((error: unknown) =>
      logger.warn({ err: error, type, id }, 'search: could not refresh a document; it is refreshed on its next change'),
    )

  /**
   * Re-reads soon (changes within that delay share the read), then once more when the document
   * has had no change for the commit window (a burst, e.g. autosave, shares that read too).
   */
  const soon = new Set<string>()
  const settling = new Map<string, NodeJS.Timeout>()
  function schedule(type: SearchType, id: string): void {
    const key = `${type}:${id}`
    if (!soon.has(key)) {
      soon.add(key)
      later(refreshDelayMs, () => {
        soon.delete(key)
        void safeRefresh(type, id)
      })
    }
    const previous = settling.get(key)
    if (previous) {
      clearTimeout(previous)
      timers.delete(previous)
    }
    settling.set(
      key,
      later(refreshDelayMs + SETTLE_MS, () => {
        settling.delete(key)
        void safeRefresh(type, id)
      }),
    )
  }

  const onChange = (change: ContentChange) => {
    if (change.kind !== 'collection' || !isSearchType(change.slug) || change.id === undefined) return
    const id = String(change.id)
    schedule(change.slug, id)
    if (redis)
      redis.client
        .publish(channel, JSON.stringify({ type: change.slug, id }))
        .catch((error: unknown) => logger.warn({ err: error }, 'search: could not tell other processes of a change'))
  }
  contentEvents.on('change', onChange)

  const onMessage = (from: string, message: string) => {
    if (from !== channel) return
    try {
      const { type, id } = JSON.parse(message) as { type?: unknown; id?: unknown }
      if (isSearchType(type) && (typeof id === 'string' || typeof id === 'number')) schedule(type, String(id))
    } catch {
      logger.warn({ message }, 'search: ignored a malformed refresh message')
    }
  }
  if (redis) {
    redis.subscriber
      .subscribe(channel)
      .catch((error: unknown) => logger.warn({ err: error }, 'search: redis subscribe failed'))
    redis.subscriber.on('message', onMessage)
  }

  let builtOnce: () => void = () => undefined
  const readyPromise = new Promise<void>((resolve) => (builtOnce = resolve))
  function attempt(): void {
    const started = Date.now()
    build().then(
      () => {
        if (closed) return builtOnce()
        ready = true
        logger.info(
          { documents: host.size(), ms: Date.now() - started, worker: host.kind === 'worker' },
          'search index built',
        )
        for (const key of heldBack) {
          const split = key.indexOf(':')
          void safeRefresh(key.slice(0, split) as SearchType, key.slice(split + 1))
        }
        heldBack.clear()
        builtOnce()
      },
      (error: unknown) => {
        if (closed) return builtOnce()
        logger.error({ err: error }, `search: building the index failed; retrying in ${BUILD_RETRY_MS / 1000} s`)
        later(BUILD_RETRY_MS, attempt)
      },
    )
  }
  attempt()

  return {
    ready: readyPromise,
    isReady: () => ready,
    search: (params) => host.search(params),
    refresh,
    size: () => host.size(),
    host: () => host,
    figures: () => ({ documents: host.size(), inWorker: host.kind === 'worker', workerStops }),
    close: async () => {
      closed = true
      contentEvents.off('change', onChange)
      redis?.subscriber.off('message', onMessage)
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await Promise.allSettled([...reading])
      await host.close()
    },
  }
}
