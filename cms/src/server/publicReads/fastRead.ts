/**
 * A faster uncached read for anonymous list reads of published content (`GET <api>/<collection>?…`),
 * byte-identical to Payload's answer by construction:
 *
 * - the request becomes a PayloadRequest exactly as Payload's REST handler makes it
 *   (createPayloadRequest, parseParams), so access rules, hooks, validation and defaults are Payload's;
 * - the page's IDs and totals come from two compiled statements (./idQuery: the site's where and
 *   sort shapes, Payload's anonymous read rule and pagination fields) or, for any other shape, from
 *   Payload's own find with the same where/sort/limit/page and `select: { id: true }` at depth 0;
 * - each document's JSON comes from a per-document projection cache keyed by (collection, id, depth,
 *   select, populate, draft); misses are filled by one Payload find `id in [...]` with the same
 *   depth/select/populate, and the envelope is the ID query's own object with `docs` swapped in,
 *   so key order and serialisation are Payload's.
 *
 * The projections are dropped on any content change (local or relayed from other processes): a
 * change is rare next to reads, and documents embed each other, so a coarse epoch is the safe rule.
 * Anything outside the shapes below returns null and Payload's handler answers as before.
 *
 * Behind the LRU, projections are also kept on disk (./projectionStore, FAST_READ_STORE_MAX_BYTES), under
 * the same epoch rule, so a site larger than the LRU does not pay Payload's population again for a
 * document it dropped. And a variant that keeps missing (FAST_READ_PROJECT_AFTER documents filled on
 * demand) has its whole collection projected in the background, again after each change once content
 * is quiet: a large site's first read of a document is then a read of its projection too, as a small
 * site's is once its few documents have been read. See noteMisses() and projectVariant().
 */
import { LRUCache } from 'lru-cache'
import {
  createPayloadRequest,
  findOperation,
  getDataLoader,
  headersWithCors,
  mergeHeaders,
  parseParams,
  type Payload,
  type PayloadRequest,
  type Where,
} from 'payload'
import type { Request } from 'express'

import { PUBLIC_COLLECTIONS, type PublicCollection } from '@mspn/contract'

import { contentEvents } from '../../hooks/contentEvents'
import { requestQuery, searchOf } from '../queryString'
import { requestUrl, toWebRequest } from '../webBridge'
import { SETTLE_MS } from './cache'
import { hasSession } from './classify'
import { createIdQuery, type IdQueryCounters, type ListEnvelope } from './idQuery'
import { createProjectionStore, type ProjectionStore } from './projectionStore'
import type { SharedAnswer } from './readCoalescing'

/** Query parameters the fast path understands. */
const KNOWN_PARAMS = new Set(['depth', 'limit', 'page', 'sort', 'where', 'select', 'populate', 'draft', 'pagination'])
/**
 * Every other name Payload's REST find reads (parseParams' booleans, numbers and objects, and the
 * locale names createPayloadRequest reads): one of these sends the request to Payload. A name in
 * neither set (a cache-buster, utm_source…) changes nothing in Payload's answer and is ignored here too;
 * no read hook of a public collection looks at req.query.
 */
const PAYLOAD_PARAMS = new Set([
  'autosave',
  'trash',
  'overrideLock',
  'flattenLocales',
  'publishAllLocales',
  'unpublishAllLocales',
  'joins',
  'data',
  'locale',
  'fallback-locale',
  'fallbackLocale',
])
const INTEGER = /^\d{1,9}$/
/** Documents one batched fill asks Payload for at most (a list page's worth many times over). */
const MAX_FILL_BATCH = 200
/** Fills that share one population loader before it is replaced (bounds what it holds). */
const MAX_SHARED_FILLS = 100
/**
 * Variants projected in the background, at most, for the life of the process (the first to miss
 * FAST_READ_PROJECT_AFTER documents): the site's few shapes (cards, a post, a page…) fit many times
 * over, and a client inventing shapes cannot make the process project more than this many after a change.
 */
const MAX_PROJECTED_VARIANTS = 8
/** Variants whose on-demand misses are counted towards projecting them; past it the counts start again. */
const MAX_CANDIDATE_VARIANTS = 256
/** How long content must stay unchanged before projections are made again after a change (imports change in bursts). */
const PROJECT_QUIET_MS = 5_000

type FillArgs = Pick<
  Parameters<typeof findOperation>[0],
  'collection' | 'depth' | 'draft' | 'populate' | 'req' | 'select'
>

export interface FastReadOptions {
  payload: Payload
  /** Memory for document projections (UTF-16 size estimate); 0 turns the fast path off. */
  maxBytes: number
  /** Disk for projections behind the memory (./projectionStore); 0 or unset keeps them in memory only. */
  storeMaxBytes?: number
  /** Documents of one variant filled on demand before its whole collection is projected in the background; 0 or unset: never. */
  projectAfter?: number
  /** Told when the disk refuses a projection (writes stop until the next change), or the store's file cannot be made. */
  onStoreWriteError?: (error: unknown) => void
  /** Where the store's file is made (the OS's temporary directory by default). */
  storeDir?: string
  /** Free space the store leaves on its disk (./projectionStore's default when unset). */
  storeReserveBytes?: number
}

export interface FastRead {
  /** Payload's answer for `req` assembled from projections, or null when Payload's handler must answer. */
  answer: (req: Request) => Promise<SharedAnswer | null>
  /** Drops every projection (a content change here or in another process). */
  invalidate: () => void
  /** Projections held (tests, metrics). */
  size: () => number
  /** Requests answered here, projections reused and filled, requests declined after a look. */
  counters: Readonly<FastReadCounters>
  /** Ordered ID lists (idQuery.ts): paginated reads answered from one, lists read whole; statements run on the SQLite reader. */
  lists: Readonly<IdQueryCounters>
  /** The projections on disk, and the variants waiting to be projected in the background or being projected. */
  stored: () => { documents: number; bytes: number; full: boolean; projecting: number }
  close: () => void
}

export interface FastReadCounters {
  served: number
  hits: number
  misses: number
  fallbacks: number
  /** Requests whose IDs and totals came from the compiled query (idQuery.ts) rather than Payload's find. */
  compiled: number
  /** Payload finds run to fill projections (one per batch of misses of a variant that arrived together). */
  fills: number
  /** Documents read back from the projections on disk (not counted in hits). */
  storeHits: number
  /** Documents projected in the background (not counted in misses). */
  projected: number
}

/** A document's key in a variant: its ID with the ID's type (the number 1 and the string "1" are two documents). */
const documentKey = (id: number | string): string => `${typeof id}:${id}`

export function createFastRead({
  payload,
  maxBytes,
  storeMaxBytes = 0,
  projectAfter = 0,
  onStoreWriteError,
  storeDir,
  storeReserveBytes,
}: FastReadOptions): FastRead {
  const config = payload.config
  const apiRoute = config.routes.api
  // A quarter of the budget for ordered ID lists (idQuery.ts: 8 MB of the default 32 holds a million
  // IDs), the rest for projections.
  const listBytes = Math.floor(maxBytes / 4)
  const projections = new LRUCache<string, string>({
    maxSize: Math.max(maxBytes - listBytes, 1),
    sizeCalculation: (json, key) => stringBytes(json) + stringBytes(key) + 64,
  })
  const counters: FastReadCounters = {
    served: 0,
    hits: 0,
    misses: 0,
    fallbacks: 0,
    compiled: 0,
    fills: 0,
    storeHits: 0,
    projected: 0,
  }
  let store: ProjectionStore | undefined
  try {
    if (maxBytes > 0 && storeMaxBytes > 0)
      store = createProjectionStore({
        maxBytes: storeMaxBytes,
        dir: storeDir,
        reserveBytes: storeReserveBytes,
        onWriteError: onStoreWriteError,
      })
  } catch (error) {
    // A temporary directory that cannot be written (a read-only file system): projections stay in memory.
    onStoreWriteError?.(error)
  }
  const idQuery = createIdQuery(payload, { listBytes, settleMs: SETTLE_MS })
  // When content last changed: a fill that started up to SETTLE_MS after it (Payload announces a
  // change before its transaction commits) or before it is not kept.
  let lastChange = 0
  /**
   * The documents fills populate (a post's cover image and categories, a page's linked documents)
   * are few next to the documents filled, and each fill's own request loaded them again: a query per
   * related collection and `afterRead` for each related document, on every fill. Fills since the last
   * change share one loader (Payload's, made for the request of the fill that started it), which
   * keeps what it loaded: a relation target is read once, not once a fill. Every fill is an
   * anonymous, non-draft read with the same locale (see target()), so what it loads is what each
   * request's own loader would load; the loader's key holds depth, select and populate. It is not
   * used for a fill that starts within SETTLE_MS of a change (Payload announces a change before it
   * commits), it is dropped on any change, and it is replaced after MAX_SHARED_FILLS fills.
   */
  let population: { loader: PayloadRequest['payloadDataLoader']; fills: number } | null = null
  const sharePopulation = (req: PayloadRequest) => {
    if (Date.now() - lastChange <= SETTLE_MS) return
    if (!population || population.fills >= MAX_SHARED_FILLS) population = { loader: getDataLoader(req), fills: 0 }
    population.fills += 1
    req.payloadDataLoader = population.loader
  }
  /**
   * Background projection. A variant (collection, depth, select, populate) that misses `projectAfter`
   * documents has a slot (at most MAX_PROJECTED_VARIANTS) and its collection is projected: every
   * document an anonymous read of it lists, newest first in its default order, filled through the same
   * queue as the misses (so the answers are what a miss's fill would give), a batch at a time, into
   * the store (not the LRU, which keeps what is read). After a change the slotted variants still read
   * are projected again, PROJECT_QUIET_MS after the last one; a change while projecting abandons the
   * pass (its batches would not be kept anyway) and the quiet wait starts again.
   */
  let epoch = 0
  const candidates = new Map<string, { args: Omit<FillArgs, 'req'>; misses: number }>()
  /**
   * The slotted variants: fill arguments without a request (each query of a pass makes its own), and
   * the documents answered in the variant since the last change. One read fewer than `projectAfter`
   * times in that while gives up its slot at the next change instead of being projected again.
   */
  const projected = new Map<string, { shape: Omit<FillArgs, 'req'>; served: number }>()
  let waiting: string[] = []
  let projecting = false
  let projectionTimer: NodeJS.Timeout | undefined
  let closed = false

  function noteMisses(variant: string, args: FillArgs, count: number): void {
    if (!store || projectAfter <= 0 || projected.has(variant) || projected.size >= MAX_PROJECTED_VARIANTS) return
    let candidate = candidates.get(variant)
    if (!candidate) {
      if (candidates.size >= MAX_CANDIDATE_VARIANTS) candidates.clear()
      const { req: _visitor, ...shape } = args
      candidate = { args: shape, misses: 0 }
      candidates.set(variant, candidate)
    }
    candidate.misses += count
    if (candidate.misses < projectAfter) return
    candidates.delete(variant)
    projected.set(variant, { shape: candidate.args, served: 0 })
    waiting.push(variant)
    scheduleProjection(Math.max(0, lastChange + PROJECT_QUIET_MS - Date.now()))
  }

  function scheduleProjection(delay: number): void {
    if (closed || projecting) return
    clearTimeout(projectionTimer)
    projectionTimer = setTimeout(() => void projectWaiting(), delay)
    projectionTimer.unref()
  }

  async function projectWaiting(): Promise<void> {
    projecting = true
    try {
      while (waiting.length > 0 && !closed) {
        // Content quiet for PROJECT_QUIET_MS, however many changes arrive while waiting.
        for (;;) {
          const quiet = lastChange + PROJECT_QUIET_MS - Date.now()
          if (quiet <= 0 || closed) break
          await new Promise((resolve) => setTimeout(resolve, quiet).unref())
        }
        if (closed) return
        const variant = waiting[0]!
        const started = epoch
        await projectVariant(variant, started).catch(() => undefined)
        // A change during the pass put every slotted variant back in `waiting`; otherwise this one is done.
        if (epoch === started) waiting.shift()
      }
    } finally {
      projecting = false
    }
  }

  /**
   * A request of its own for each of a pass's queries, as anonymous as the visitors' (no headers, the
   * default locale): nothing a hook leaves on a request outlives one batch, and no visitor's request is kept.
   */
  const anonymousRequest = async (slug: string) =>
    (await createPayloadRequest({
      canSetHeaders: false,
      config: Promise.resolve(config),
      request: new Request(`http://localhost${apiRoute}/${slug}`),
    })) as PayloadRequest

  async function projectVariant(variant: string, started: number): Promise<void> {
    const shape = projected.get(variant)?.shape
    if (!store || !shape) return
    const slug = shape.collection.config.slug
    const listed = await findOperation({
      collection: shape.collection,
      depth: 0,
      draft: shape.draft,
      pagination: false,
      req: await anonymousRequest(slug),
      select: { id: true },
    })
    const ids = listed.docs.map((doc) => doc.id as number | string)
    for (let from = 0; from < ids.length; from += MAX_FILL_BATCH) {
      if (epoch !== started || closed) return
      // Visitors' misses keep filling while a pass runs: what is held by the batch's turn is not filled again.
      const batch = ids.slice(from, from + MAX_FILL_BATCH).filter((id) => !store.has(variant, documentKey(id)))
      if (batch.length === 0) continue
      const startedAt = Date.now()
      const args = { ...shape, req: await anonymousRequest(slug) }
      const byId = await fill(variant, args, batch)
      if (epoch !== started || closed || lastChange >= startedAt - SETTLE_MS) return
      for (const [key, json] of byId) {
        // A visitor's fill queued before this batch kept it meanwhile (the same epoch: as fresh as this).
        if (store.has(variant, key)) continue
        if (store.set(variant, key, json)) counters.projected += 1
        // Not kept: the store is full until the next change, or this one document is too large for it.
        else if (store.figures().full) return
      }
      // Requests waiting on the event loop go before the next batch.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  const invalidate = () => {
    lastChange = Date.now()
    epoch += 1
    population = null
    projections.clear()
    store?.clear()
    idQuery?.invalidate()
    // What was projected before the change and is still read is projected again once content is quiet.
    for (const [variant, slot] of projected) {
      if (slot.served < projectAfter) projected.delete(variant)
      slot.served = 0
    }
    waiting = [...projected.keys()]
    if (waiting.length > 0) scheduleProjection(PROJECT_QUIET_MS)
  }
  contentEvents.on('change', invalidate)

  // Only collections whose GET `/` is Payload's own find handler (no custom endpoint in front of it).
  const eligible = new Set<string>(
    PUBLIC_COLLECTIONS.filter((slug) => {
      const endpoints = payload.collections[slug]?.config.endpoints
      if (!endpoints) return false
      const first = endpoints.find((endpoint) => endpoint.method === 'get' && endpoint.path === '/')
      return first?.handler.name === 'findHandler'
    }),
  )

  /** The collection a request lists, when its URL is a shape we know. */
  function target(req: Request): string | null {
    if (req.method !== 'GET' || maxBytes <= 0 || hasSession(req)) return null
    if (!req.path.startsWith(`${apiRoute}/`)) return null
    const slug = req.path.slice(apiRoute.length + 1)
    if (!eligible.has(slug)) return null
    const search = new URLSearchParams(searchOf(req))
    for (const [name, value] of search) {
      const root = name.split('[', 1)[0]
      if (PAYLOAD_PARAMS.has(root)) return null
      if (!KNOWN_PARAMS.has(root)) continue
      if (root === 'draft' && value !== 'false') return null
      // `pagination=false` (the site's document and whole-list reads): no count, every total from the page itself.
      if (root === 'pagination' && (name !== root || (value !== 'false' && value !== 'true'))) return null
      if ((root === 'depth' || root === 'limit' || root === 'page') && (name !== root || !INTEGER.test(value)))
        return null
    }
    return slug
  }

  async function answer(expressReq: Request): Promise<SharedAnswer | null> {
    const slug = target(expressReq)
    if (!slug) return null
    const startedAt = Date.now()
    try {
      const req = await payloadRequest(expressReq)
      if (req.user || req.responseHeaders) return fallback()
      req.routeParams = { collection: slug }
      const collection = payload.collections[slug as PublicCollection]
      const { depth, draft, limit, page, pagination, populate, select, sort, where } = parseParams(req.query as never)
      const listing = await list({ slug, collection, req, draft, limit, page, pagination, sort, where })
      const { ids, listed } = listing
      const variant = JSON.stringify([slug, depth ?? null, draft ?? null, select ?? null, populate ?? null])
      const documentKeys = ids.map(documentKey)
      const keys = documentKeys.map((key) => `${variant}\u0000${key}`)
      const fragments = keys.map((key) => projections.get(key))
      let fromMemory = 0
      for (let index = 0; index < ids.length; index += 1) {
        if (fragments[index] !== undefined) fromMemory += 1
        else if (store) fragments[index] = store.get(variant, documentKeys[index]!)
      }
      const missing = ids.filter((_, index) => fragments[index] === undefined)
      counters.storeHits += ids.length - fromMemory - missing.length
      if (missing.length > 0) {
        counters.misses += missing.length
        const args: FillArgs = { collection, depth, draft, populate, req, select }
        noteMisses(variant, args, missing.length)
        const byId = await fill(variant, args, missing)
        const keep = lastChange < startedAt - SETTLE_MS
        for (let index = 0; index < ids.length; index += 1) {
          if (fragments[index] !== undefined) continue
          const json = byId.get(documentKeys[index]!)
          // Changed between the two queries (unpublished, deleted): let Payload answer alone.
          if (json === undefined) return fallback()
          fragments[index] = json
          if (keep) {
            projections.set(keys[index]!, json)
            store?.set(variant, documentKeys[index]!, json)
          }
        }
      }
      counters.hits += fromMemory
      const slot = projected.get(variant)
      if (slot) slot.served += ids.length
      counters.served += 1
      if (listing.compiled) counters.compiled += 1
      const body = envelope(listed as unknown as Record<string, unknown>, fragments as string[])
      // As findHandler (Response.json) and then handleEndpoints wrap it.
      const inner = headersWithCors({ headers: new Headers({ 'content-type': 'application/json' }), req })
      const headers = headersWithCors({ headers: mergeHeaders(new Headers(), inner), req })
      return { status: 200, headers, body: Buffer.from(body) }
    } catch {
      // Payload answers with its own error (bad where, unknown field…), exactly as before.
      return fallback()
    }
  }

  /**
   * The PayloadRequest Payload's REST handler makes for `expressReq`, without parsing its query string a
   * second time: createPayloadRequest is handed the URL without it, then the request gets the parse the
   * query guard already made (the same qs-esm call, queryString.ts) and the URL fields createPayloadRequest
   * sets from it. It reads nothing else from the query that a request reaching here can carry (the
   * locale names send a request to Payload, see target()).
   */
  async function payloadRequest(expressReq: Request): Promise<PayloadRequest> {
    const url = requestUrl(expressReq)
    const { query } = requestQuery(expressReq)
    const bare = new URL(url)
    bare.search = ''
    const req = (await createPayloadRequest({
      canSetHeaders: true,
      config: Promise.resolve(config),
      request: toWebRequest(expressReq, undefined, bare),
    })) as PayloadRequest
    Object.assign(req, { href: url.href, query, search: url.search, searchParams: url.searchParams })
    Object.defineProperty(req, 'url', { configurable: true, enumerable: true, writable: true, value: url.href })
    return req
  }

  /**
   * Fills of one variant (collection, depth, draft, select, populate) run one at a time; the misses
   * that arrive while one runs wait for the next, which asks for all of them in one Payload find
   * `id in [...]`. Under load, twenty visitors opening twenty different posts cost a few queries and
   * population passes, in which the authors, categories and media they share load once (Payload's
   * dataloader); a lone miss starts on the next turn of the event loop, with no added wait. Every
   * request in a batch is anonymous and non-draft, so the first one's PayloadRequest reads for all, and
   * each document's JSON is what a find of that document alone returns (same operation, arguments and
   * access): the answers stay Payload's.
   */
  interface FillBatch {
    args: FillArgs
    ids: (number | string)[]
    seen: Set<string>
    docs: Promise<Map<string, string>>
    settle: { resolve: (docs: Map<string, string>) => void; reject: (error: unknown) => void }
  }
  const fillQueues = new Map<string, { running: boolean; waiting: FillBatch[] }>()

  function fill(variant: string, args: FillArgs, missing: (number | string)[]): Promise<Map<string, string>> {
    let queue = fillQueues.get(variant)
    if (!queue) {
      queue = { running: false, waiting: [] }
      fillQueues.set(variant, queue)
    }
    let batch = queue.waiting.at(-1)
    if (!batch || batch.ids.length + missing.length > MAX_FILL_BATCH) {
      let settle!: FillBatch['settle']
      const docs = new Promise<Map<string, string>>((resolve, reject) => (settle = { resolve, reject }))
      batch = { args, ids: [], seen: new Set(), docs, settle }
      queue.waiting.push(batch)
    }
    for (const id of missing) {
      const key = documentKey(id)
      if (batch.seen.has(key)) continue
      batch.seen.add(key)
      batch.ids.push(id)
    }
    if (!queue.running) {
      queue.running = true
      const started = queue
      setImmediate(() => runFills(variant, started))
    }
    return batch.docs
  }

  function runFills(variant: string, queue: { running: boolean; waiting: FillBatch[] }): void {
    const batch = queue.waiting.shift()
    if (!batch) {
      queue.running = false
      if (fillQueues.get(variant) === queue) fillQueues.delete(variant)
      return
    }
    counters.fills += 1
    if (batch.args.req) sharePopulation(batch.args.req)
    findOperation({
      ...batch.args,
      limit: batch.ids.length,
      pagination: false,
      // The documents are taken by ID, so their order does not matter: by ID, the database looks each one
      // up by its key. In the collection's default order, SQLite walks that order's index until it has
      // met every ID asked for, which on a deep page of a large collection is most of the index.
      sort: 'id',
      where: { id: { in: batch.ids } } as Where,
    })
      .then(
        (filled) =>
          batch.settle.resolve(
            new Map(filled.docs.map((doc) => [documentKey(doc.id as number | string), JSON.stringify(doc)])),
          ),
        (error: unknown) => batch.settle.reject(error),
      )
      .finally(() => runFills(variant, queue))
  }

  /**
   * The page's IDs and Payload's envelope: from the compiled query when it handles the shape (a
   * non-draft read; any error there leaves it to Payload's find), else from Payload's own find with
   * `select: { id: true }` at depth 0.
   */
  async function list(
    args: {
      slug: string
      collection: Payload['collections'][PublicCollection]
      req: PayloadRequest
    } & Pick<ReturnType<typeof parseParams>, 'draft' | 'limit' | 'page' | 'pagination' | 'sort' | 'where'>,
  ): Promise<{ ids: (number | string)[]; listed: ListEnvelope | Record<string, unknown>; compiled: boolean }> {
    const { slug, collection, req, draft, limit, page, pagination, sort, where } = args
    if (idQuery && !draft) {
      const compiled = await idQuery.find({ slug, req, where, sort, limit, page, pagination }).catch(() => null)
      if (compiled) return { ids: compiled.ids, listed: compiled.envelope, compiled: true }
    }
    const listed = await findOperation({
      collection,
      depth: 0,
      draft,
      limit,
      page,
      pagination,
      req,
      select: { id: true },
      sort,
      where,
    })
    return { ids: listed.docs.map((doc) => doc.id as number | string), listed, compiled: false }
  }

  function fallback(): null {
    counters.fallbacks += 1
    return null
  }

  return {
    answer,
    invalidate,
    size: () => projections.size,
    counters,
    lists: idQuery?.counters ?? { listed: 0, listFills: 0, readerRuns: 0 },
    stored: () => ({
      ...(store?.figures() ?? { documents: 0, bytes: 0, full: false }),
      projecting: waiting.length,
    }),
    close: () => {
      closed = true
      clearTimeout(projectionTimer)
      contentEvents.off('change', invalidate)
      store?.close()
      projections.clear()
      idQuery?.close()
    },
  }
}

/**
 * The memory V8 gives a string's characters: one byte each when all of them are Latin-1 (JSON of
 * mostly-English content, which JSON.stringify builds as a one-byte string), two otherwise. Counting
 * two for every character, as before, let the projections hold half of FAST_READ_MAX_BYTES.
 */
export function stringBytes(text: string): number {
  return /[\u0100-\uffff]/.test(text) ? text.length * 2 : text.length
}

/** JSON.stringify(result) with its `docs` replaced by already-serialised documents, in the same key order. */
function envelope(result: Record<string, unknown>, docs: string[]): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(result)) {
    if (key === 'docs') parts.push(`"docs":[${docs.join(',')}]`)
    else {
      const json = JSON.stringify(value)
      if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`)
    }
  }
  return `{${parts.join(',')}}`
}
