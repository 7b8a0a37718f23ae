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
 */
import { LRUCache } from 'lru-cache'
import {
  createPayloadRequest,
  findOperation,
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
import { toWebRequest } from '../webBridge'
import { SETTLE_MS } from './cache'
import { hasSession } from './classify'
import { createIdQuery, type ListEnvelope } from './idQuery'

/** Query parameters the fast path understands. */
const KNOWN_PARAMS = new Set(['depth', 'limit', 'page', 'sort', 'where', 'select', 'populate', 'draft'])
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
  'pagination',
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

export interface FastReadOptions {
  payload: Payload
  /** Memory for document projections (UTF-16 size estimate); 0 turns the fast path off. */
  maxBytes: number
}

export interface FastRead {
  /** Payload's answer for `req` assembled from projections, or null when Payload's handler must answer. */
  answer: (req: Request) => Promise<globalThis.Response | null>
  /** Drops every projection (a content change here or in another process). */
  invalidate: () => void
  /** Projections held (tests, metrics). */
  size: () => number
  /** Requests answered here, projections reused and filled, requests declined after a look. */
  counters: Readonly<FastReadCounters>
  close: () => void
}

export interface FastReadCounters {
  served: number
  hits: number
  misses: number
  fallbacks: number
  /** Requests whose IDs and totals came from the compiled query (idQuery.ts) rather than Payload's find. */
  compiled: number
}

export function createFastRead({ payload, maxBytes }: FastReadOptions): FastRead {
  const config = payload.config
  const apiRoute = config.routes.api
  const projections = new LRUCache<string, string>({
    maxSize: Math.max(maxBytes, 1),
    sizeCalculation: (json, key) => (json.length + key.length) * 2 + 64,
  })
  const counters: FastReadCounters = { served: 0, hits: 0, misses: 0, fallbacks: 0, compiled: 0 }
  const idQuery = createIdQuery(payload)
  // When content last changed: a fill that started up to SETTLE_MS after it (Payload announces a
  // change before its transaction commits) or before it is not kept.
  let lastChange = 0
  const invalidate = () => {
    lastChange = Date.now()
    projections.clear()
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
    const at = req.originalUrl.indexOf('?')
    const search = new URLSearchParams(at === -1 ? '' : req.originalUrl.slice(at + 1))
    for (const [name, value] of search) {
      const root = name.split('[', 1)[0]
      if (PAYLOAD_PARAMS.has(root)) return null
      if (!KNOWN_PARAMS.has(root)) continue
      if (root === 'draft' && value !== 'false') return null
      if ((root === 'depth' || root === 'limit' || root === 'page') && (name !== root || !INTEGER.test(value)))
        return null
    }
    return slug
  }

  async function answer(expressReq: Request): Promise<globalThis.Response | null> {
    const slug = target(expressReq)
    if (!slug) return null
    const startedAt = Date.now()
    try {
      const req = (await createPayloadRequest({
        canSetHeaders: true,
        config: Promise.resolve(config),
        request: toWebRequest(expressReq),
      })) as PayloadRequest
      if (req.user || req.responseHeaders) return fallback()
      req.routeParams = { collection: slug }
      const collection = payload.collections[slug as PublicCollection]
      const { depth, draft, limit, page, populate, select, sort, where } = parseParams(req.query as never)
      const listing = await list({ slug, collection, req, draft, limit, page, sort, where })
      const { ids, listed } = listing
      const variant = JSON.stringify([slug, depth ?? null, draft ?? null, select ?? null, populate ?? null])
      const keys = ids.map((id) => `${variant}\u0000${typeof id}:${id}`)
      const fragments = keys.map((key) => projections.get(key))
      const missing = ids.filter((_, index) => fragments[index] === undefined)
      if (missing.length > 0) {
        counters.misses += missing.length
        const filled = await findOperation({
          collection,
          depth,
          draft,
          limit: missing.length,
          pagination: false,
          populate,
          req,
          select,
          where: { id: { in: missing } } as Where,
        })
        const byId = new Map(filled.docs.map((doc) => [`${typeof doc.id}:${doc.id}`, JSON.stringify(doc)]))
        const keep = lastChange < startedAt - SETTLE_MS
        for (let index = 0; index < ids.length; index += 1) {
          if (fragments[index] !== undefined) continue
          const json = byId.get(`${typeof ids[index]}:${ids[index]}`)
          // Changed between the two queries (unpublished, deleted): let Payload answer alone.
          if (json === undefined) return fallback()
          fragments[index] = json
          if (keep) projections.set(keys[index]!, json)
        }
      }
      counters.hits += ids.length - missing.length
      counters.served += 1
      if (listing.compiled) counters.compiled += 1
      const body = envelope(listed as unknown as Record<string, unknown>, fragments as string[])
      // As findHandler (Response.json) and then handleEndpoints wrap it.
      const inner = headersWithCors({ headers: new Headers({ 'content-type': 'application/json' }), req })
      const headers = headersWithCors({ headers: mergeHeaders(new Headers(), inner), req })
      return new globalThis.Response(body, { status: 200, headers })
    } catch {
      // Payload answers with its own error (bad where, unknown field…), exactly as before.
      return fallback()
    }
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
    } & Pick<ReturnType<typeof parseParams>, 'draft' | 'limit' | 'page' | 'sort' | 'where'>,
  ): Promise<{ ids: (number | string)[]; listed: ListEnvelope | Record<string, unknown>; compiled: boolean }> {
    const { slug, collection, req, draft, limit, page, sort, where } = args
    if (idQuery && !draft) {
      const compiled = await idQuery.find({ slug, req, where, sort, limit, page }).catch(() => null)
      if (compiled) return { ids: compiled.ids, listed: compiled.envelope, compiled: true }
    }
    const listed = await findOperation({
      collection,
      depth: 0,
      draft,
      limit,
      page,
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
    close: () => {
      contentEvents.off('change', invalidate)
      projections.clear()
    },
  }
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
