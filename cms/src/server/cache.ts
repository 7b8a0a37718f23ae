/**
 * Response cache for anonymous reads of published content. A hit is answered from memory with an
 * ETag (304 when it matches) and CDN-friendly Cache-Control; a miss is filled by payloadApi.
 * Entries carry tags (cacheTags) and are purged when contentEvents reports a change to any of them;
 * with Redis, the purge is published so every process drops the same entries.
 */
import { createHash } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'
import type { SanitizedConfig } from 'payload'

import { contentEvents, type ContentChange } from '../hooks/contentEvents'
import { buildTagIndex } from './cacheTags'
import type { Metrics } from './metrics'

export interface CachedResponse {
  body: Buffer
  contentType: string
  etag: string
  tags: string[]
}

export interface CacheOptions {
  config: SanitizedConfig
  maxBytes: number
  sMaxAge: number
  staleWhileRevalidate: number
  metrics: Metrics
  logger: Logger
  /** Publisher and subscriber connections for cross-process purges. */
  redis?: { publisher: Redis; subscriber: Redis; prefix: string }
}

/** Collections whose published documents anyone may read; everything else is never cached. */
const PUBLIC_COLLECTIONS = new Set(['pages', 'posts', 'services', 'projects', 'demos', 'testimonials', 'categories', 'media'])
const NON_CACHEABLE_SEGMENTS = new Set(['versions', 'file', 'me', 'access', 'init'])

export interface ResponseCache {
  /** Serves hits; marks cacheable misses in res.locals.cache for payloadApi to fill. */
  middleware: RequestHandler
  /** Stores a 200 JSON body for a marked miss; returns the headers to send. */
  store: (res: Response, body: Buffer, contentType: string) => Record<string, string>
  purge: (tags: string[], options?: { publish?: boolean }) => void
  size: () => number
  close: () => Promise<void>
}

interface PendingEntry {
  key: string
  tags: string[]
  generation: number
}

export const etagOf = (body: Buffer) => `W/"${createHash('sha1').update(body).digest('base64url')}"`

function hasSession(req: Request): boolean {
  if (req.headers.authorization) return true
  const cookie = req.headers.cookie
  return typeof cookie === 'string' && cookie.includes('payload-token')
}

/** Query parameters in a stable order, so `?a=1&b=2` and `?b=2&a=1` share an entry. */
export function normaliseKey(path: string, query: string): string {
  const params = [...new URLSearchParams(query)].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)))
  const search = new URLSearchParams(params).toString()
  return search ? `${path}?${search}` : path
}

export function createResponseCache(options: CacheOptions): ResponseCache {
  const { config, metrics, logger } = options
  const apiRoute = config.routes.api
  const tagIndex = buildTagIndex(config)
  const globals = new Set<string>(config.globals.map((g) => g.slug))
  const entries = new LRUCache<string, CachedResponse>({
    maxSize: Math.max(options.maxBytes, 1),
    sizeCalculation: (entry) => entry.body.length + 256,
  })
  // Bumped on every purge; a miss started before a purge of one of its tags is not stored.
  let generation = 0
  const purgeChannel = `${options.redis?.prefix ?? ''}cache:purge`
  const lastPurged = new Map<string, number>()
  const cacheControl = `public, max-age=0, s-maxage=${options.sMaxAge}, stale-while-revalidate=${options.staleWhileRevalidate}`

  /** The cache target and depth of a request, or undefined when it must bypass the cache. */
  function classify(req: Request): { target: string; depth: number } | undefined {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith(`${apiRoute}/`)) return undefined
    if (hasSession(req)) return undefined
    const draft = req.query.draft
    if (draft !== undefined && draft !== 'false') return undefined
    const segments = req.path.slice(apiRoute.length + 1).split('/')
    let target: string | undefined
    if (segments[0] === 'globals' && segments.length === 2 && globals.has(segments[1])) target = `global:${segments[1]}`
    else if (PUBLIC_COLLECTIONS.has(segments[0]) && segments.length <= 2 && !NON_CACHEABLE_SEGMENTS.has(segments[1] ?? '')) target = segments[0]
    if (!target) return undefined
    const requested = Number(req.query.depth)
    const depth = Number.isFinite(requested) ? Math.max(0, Math.min(requested, config.maxDepth)) : config.defaultDepth
    return { target, depth }
  }

  function purge(tags: string[], { publish = true } = {}): void {
    generation += 1
    const wanted = new Set(tags)
    for (const tag of tags) lastPurged.set(tag, generation)
    let removed = 0
    for (const [key, entry] of entries.entries()) {
      if (entry.tags.some((tag) => wanted.has(tag))) {
        entries.delete(key)
        removed += 1
      }
    }
    if (removed > 0) logger.debug({ tags, removed }, 'cache purged')
    if (publish && options.redis) {
      options.redis.publisher.publish(purgeChannel, JSON.stringify(tags)).catch((error: unknown) => {
        logger.warn({ err: error, tags }, 'cache purge could not be published; other processes keep stale entries until their next purge')
      })
    }
  }

  const onChange = (change: ContentChange) => purge([change.kind === 'global' ? `global:${change.slug}` : change.slug])
  contentEvents.on('change', onChange)

  if (options.redis) {
    const { subscriber } = options.redis
    subscriber.subscribe(purgeChannel).catch((error: unknown) => logger.warn({ err: error }, 'cache purge channel unavailable'))
    subscriber.on('message', (channel, message) => {
      if (channel !== purgeChannel) return
      try {
        const tags = JSON.parse(message) as unknown
        if (Array.isArray(tags)) purge(tags.map(String), { publish: false })
      } catch {
        logger.warn({ message }, 'ignored malformed cache purge message')
      }
    })
  }

  const middleware: RequestHandler = (req, res, next) => {
    const kind = classify(req)
    if (!kind) {
      if (req.method === 'GET' && req.path.startsWith(`${apiRoute}/`)) {
        res.setHeader('X-Cache', 'BYPASS')
        if (hasSession(req)) res.setHeader('Cache-Control', 'private, no-store')
      }
      return next()
    }
    const key = normaliseKey(req.path, req.originalUrl.split('?')[1] ?? '')
    const hit = entries.get(key)
    if (hit) {
      metrics.cacheHits.inc()
      res.setHeader('X-Cache', 'HIT')
      res.setHeader('ETag', hit.etag)
      res.setHeader('Cache-Control', cacheControl)
      res.setHeader('Vary', 'Authorization')
      if (req.headers['if-none-match'] === hit.etag) {
        res.status(304).end()
        return
      }
      res.setHeader('Content-Type', hit.contentType)
      res.status(200).end(req.method === 'HEAD' ? undefined : hit.body)
      return
    }
    metrics.cacheMisses.inc()
    const pending: PendingEntry = { key, tags: tagIndex.tagsFor(kind.target, kind.depth), generation }
    res.locals.cache = pending
    next()
  }

  function store(res: Response, body: Buffer, contentType: string): Record<string, string> {
    const pending = res.locals.cache as PendingEntry | undefined
    if (!pending) return {}
    const etag = etagOf(body)
    const stale = pending.tags.some((tag) => (lastPurged.get(tag) ?? 0) > pending.generation)
    if (!stale) entries.set(pending.key, { body, contentType, etag, tags: pending.tags })
    return { ETag: etag, 'Cache-Control': cacheControl, Vary: 'Authorization', 'X-Cache': 'MISS' }
  }

  return {
    middleware,
    store,
    purge,
    size: () => entries.size,
    close: async () => {
      contentEvents.off('change', onChange)
      entries.clear()
    },
  }
}
