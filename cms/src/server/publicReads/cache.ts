/**
 * Response cache for anonymous reads of published content.
 *
 * - In-memory hits are answered before Express by the hit listener (hitListener.ts, with `lookup`
 *   and `serveHit`); the others (shared Redis entries, servers run on the Express app alone) first
 *   thing in the middleware chain (the fast path). Both send the same: rate limit, security headers
 *   (precomputed), ETag / 304, a pre-compressed body, one log line. Nothing else runs.
 * - Misses are marked in res.locals.cache; payloadApi fills them from Payload's 200 responses.
 * - Entries carry tags (cacheTags) and are purged when contentEvents reports a change to one of them.
 * - With Redis, entries are also stored there so every process shares them, and purges are
 *   published so every process drops its in-memory copies. Redis errors degrade to memory only.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import type { Request, RequestHandler, Response } from 'express'
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'
import type { SanitizedConfig } from 'payload'

import type { ContentChange } from '@mspn/contract'

import { contentEvents } from '../../hooks/contentEvents'
import { buildTagIndex } from './cacheTags'
import type { Metrics } from '../metrics'
import { hasSession, publicReadClassifier, type PublicReadClassifier } from './classify'

export interface CachedResponse {
  body: Buffer
  contentType: string
  etag: string
  tags: string[]
  /** The route label of its path (metrics and logs), worked out once. */
  route?: string
  /** Compressed variants, made on first demand. */
  br?: Buffer
  gzip?: Buffer
}

export interface CacheOptions {
  config: SanitizedConfig
  /** Which requests are anonymous public reads (shared with read coalescing). */
  classify?: PublicReadClassifier
  maxBytes: number
  sMaxAge: number
  staleWhileRevalidate: number
  metrics: Metrics
  logger: Logger
  /** Headers every API response carries (security headers), sent as they are on hits. */
  staticHeaders?: Record<string, string>
  /** Counts hits against the general API rate limit; false when it has answered (429/503). */
  admit?: (req: Request, res: Response) => Promise<boolean>
  label?: (path: string) => string
  /** Shared entries and cross-process purges. */
  redis?: { client: Redis; subscriber: Redis; prefix: string }
  /** Without Redis: the other worker processes of a cluster (server/workers.ts), told of every purge. */
  peers?: PurgePeers
  /** Told of every purge, local or relayed from another process (the fast read's projections follow it). */
  onPurge?: () => void
  /** True once the process is shutting down: hits then ask keep-alive clients to disconnect. */
  isShuttingDown?: () => boolean
}

/** Other processes whose caches a purge must reach, and from which purges arrive. */
export interface PurgePeers {
  publish: (tags: string[]) => void
  /** Returns a function that stops listening. */
  subscribe: (onPurge: (tags: string[]) => void) => () => void
}

const COMPRESS_MIN_BYTES = 1024
/** How long after a purge fresh reads of the purged tags are served but not stored (commit lag). */
export const SETTLE_MS = 1000

export interface ResponseCache {
  /** Serves hits; marks cacheable misses in res.locals.cache for payloadApi to fill. */
  middleware: RequestHandler
  /** Stores a 200 JSON body for a marked miss; returns the headers to send with it. */
  store: (res: Response, body: Buffer, contentType: string) => Record<string, string>
  purge: (tags: string[], options?: { publish?: boolean }) => void
  size: () => number
  close: () => Promise<void>
  /**
   * For the hit listener (hitListener.ts), which answers hits before Express: the in-memory entry a
   * bare node:http request would be answered with, if any (nothing counted). Shared (Redis-only)
   * entries, sessions, and URLs Express must parse itself are undefined: Express answers those.
   */
  lookup: (req: IncomingMessage) => CachedResponse | undefined
  /**
   * Answers a hit on a bare response exactly as `middleware` would after the headers before it
   * (`leading`, name/value pairs as the middlewares before the cache set them: request ID, CORS):
   * one writeHead with every header, then the body, and the same log line.
   */
  serveHit: (
    req: IncomingMessage,
    res: ServerResponse,
    entry: CachedResponse,
    requestId: string,
    leading: readonly string[],
    started: bigint,
  ) => void
}

interface PendingEntry {
  key: string
  tags: string[]
  /** When the miss started (ms since epoch). */
  startedAt: number
}

export const etagOf = (body: Buffer) => `W/"${createHash('sha1').update(body).digest('base64url')}"`

function preferredEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined
  if (/\bbr\b/.test(header)) return 'br'
  if (/\bgzip\b/.test(header)) return 'gzip'
  return undefined
}

function compressed(entry: CachedResponse, encoding: 'br' | 'gzip'): Buffer {
  if (encoding === 'br')
    return (entry.br ??= brotliCompressSync(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }))
  return (entry.gzip ??= gzipSync(entry.body, { level: 6 }))
}

export function createResponseCache(options: CacheOptions): ResponseCache {
  const { config, metrics, logger } = options
  const apiRoute = config.routes.api
  const tagIndex = buildTagIndex(config)
  const staticHeaders = Object.entries(options.staticHeaders ?? {})
  const label = options.label ?? ((path: string) => path)
  // Hit lines carry only fixed fields (no headers, bodies or user data), so they skip the
  // redaction pass the process logger runs on every line: a measurable share of a hit's cost.
  const hitLogger = logger.child({}, { redact: [] })
  const vary = 'Accept-Encoding, Authorization'
  // URLs that differ only in what the answer ignores (a tracking parameter, a cache-buster, the order
  // of parameters) get byte-identical answers: their entries share one body and its compressed
  // variants, found by ETag (a SHA-1 of the body) and compared byte for byte. Each entry is still
  // counted whole against the budget, so sharing only ever lowers what the cache holds.
  const twins = new Map<string, CachedResponse>()
  const entries = new LRUCache<string, CachedResponse>({
    maxSize: Math.max(options.maxBytes, 1),
    sizeCalculation: (entry) => entry.body.length * 2 + 256,
    dispose: (entry) => {
      if (twins.get(entry.etag) === entry) twins.delete(entry.etag)
    },
  })
  /** Holds `entry` under `key`, sharing the body (and its compressed variants) of a held twin. */
  function keep(key: string, entry: CachedResponse): void {
    const twin = twins.get(entry.etag)
    if (twin && twin.contentType === entry.contentType && twin.body.equals(entry.body)) entry.body = twin.body
    entries.set(key, entry)
    // The first entry held with this body is the one the others share (none when it was too big to hold).
    if (!twins.has(entry.etag) && entries.peek(key) === entry) twins.set(entry.etag, entry)
  }
  /** The body in `encoding`, compressed once for every entry that shares the body. */
  const encoded = (entry: CachedResponse, encoding: 'br' | 'gzip') => {
    const twin = twins.get(entry.etag)
    return compressed(twin?.body === entry.body ? twin : entry, encoding)
  }
  // When each tag was last purged. Payload runs change hooks before its transaction commits, so a
  // read that starts shortly after a purge may still see the old data: a miss is only stored when
  // none of its tags was purged after (or up to SETTLE_MS before) it started.
  const lastPurged = new Map<string, number>()
  const isStale = (tags: string[], startedAt: number) =>
    tags.some((tag) => (lastPurged.get(tag) ?? 0) >= startedAt - SETTLE_MS)
  const cacheControl = `public, max-age=0, s-maxage=${options.sMaxAge}, stale-while-revalidate=${options.staleWhileRevalidate}`
  const ttlSeconds = Math.max(options.sMaxAge + options.staleWhileRevalidate, 60)
  const redis = options.redis
  const redisKey = (key: string) => `${redis?.prefix}cache:entry:${key}`
  const redisTag = (tag: string) => `${redis?.prefix}cache:tag:${tag}`
  const purgeChannel = `${redis?.prefix ?? ''}cache:purge`
  const redisWarn = (error: unknown, what: string) =>
    logger.warn({ err: error }, `cache: redis ${what} failed; serving from memory only`)

  const classify = options.classify ?? publicReadClassifier(config)

  function purge(tags: string[], { publish = true } = {}): void {
    options.onPurge?.()
    const wanted = new Set(tags)
    const now = Date.now()
    for (const tag of tags) lastPurged.set(tag, now)
    let removed = 0
    for (const [key, entry] of entries.entries()) {
      if (entry.tags.some((tag) => wanted.has(tag))) {
        entries.delete(key)
        removed += 1
      }
    }
    if (removed > 0) logger.debug({ tags, removed }, 'cache purged')
    if (redis) void purgeShared(tags, publish)
    else if (publish) options.peers?.publish(tags)
  }

  /** Drops shared entries; the purging process also tells the others (who repeat the delete, closing races). */
  async function purgeShared(tags: string[], publish: boolean): Promise<void> {
    if (!redis) return
    try {
      for (const tag of tags) {
        const keys = await redis.client.smembers(redisTag(tag))
        if (keys.length > 0) await redis.client.del(...keys)
        await redis.client.del(redisTag(tag))
      }
      if (publish) await redis.client.publish(purgeChannel, JSON.stringify(tags))
    } catch (error) {
      logger.warn(
        { err: error, tags },
        'cache purge could not reach redis; other processes keep stale entries until their next purge',
      )
    }
  }

  const onChange = (change: ContentChange) => purge([change.kind === 'global' ? `global:${change.slug}` : change.slug])
  contentEvents.on('change', onChange)

  const stopPeers = redis ? undefined : options.peers?.subscribe((tags) => purge(tags, { publish: false }))
  if (redis) {
    redis.subscriber.subscribe(purgeChannel).catch((error: unknown) => redisWarn(error, 'subscribe'))
    redis.subscriber.on('message', (channel, message) => {
      if (channel !== purgeChannel) return
      try {
        const tags = JSON.parse(message) as unknown
        if (Array.isArray(tags)) purge(tags.map(String), { publish: false })
      } catch {
        logger.warn({ message }, 'ignored malformed cache purge message')
      }
    })
  }

  function serve(req: Request, res: Response, entry: CachedResponse, started: bigint): void {
    for (const [name, value] of staticHeaders) res.setHeader(name, value)
    res.setHeader('X-Cache', 'HIT')
    res.setHeader('ETag', entry.etag)
    res.setHeader('Cache-Control', cacheControl)
    res.append('Vary', vary)
    if (options.isShuttingDown?.()) res.setHeader('Connection', 'close')
    if (req.headers['if-none-match'] === entry.etag) {
      res.statusCode = 304
      res.end()
    } else {
      const encoding =
        entry.body.length >= COMPRESS_MIN_BYTES
          ? preferredEncoding(req.headers['accept-encoding'] as string | undefined)
          : undefined
      const body = encoding ? encoded(entry, encoding) : entry.body
      res.statusCode = 200
      res.setHeader('Content-Type', entry.contentType)
      if (encoding) res.setHeader('Content-Encoding', encoding)
      res.setHeader('Content-Length', body.length)
      res.end(req.method === 'HEAD' ? undefined : body)
    }
    hitLogger.info(
      {
        requestId: res.locals.requestId,
        method: req.method,
        route: (entry.route ??= label(req.path)),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        cache: 'HIT',
      },
      'request completed',
    )
  }

  async function sharedEntry(key: string): Promise<CachedResponse | undefined> {
    if (!redis) return undefined
    try {
      const raw = await redis.client.getBuffer(redisKey(key))
      if (!raw) return undefined
      const split = raw.indexOf(10) // header line, then the body bytes
      const { contentType, etag, tags } = JSON.parse(raw.subarray(0, split).toString('utf8')) as CachedResponse
      return { contentType, etag, tags, body: raw.subarray(split + 1) }
    } catch (error) {
      redisWarn(error, 'read')
      return undefined
    }
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
    const started = process.hrtime.bigint()
    const key = kind.key
    const startedAt = Date.now()
    const answer = (entry: CachedResponse | undefined) => {
      if (!entry) {
        metrics.cacheMisses.inc()
        const pending: PendingEntry = { key, tags: tagIndex.tagsFor(kind.target, kind.depth), startedAt }
        res.locals.cache = pending
        return next()
      }
      // Counted by the hit listener already when it handed the request over (to answer a refusal).
      if (res.locals.apiCount === undefined) metrics.cacheHits.inc()
      if (!options.admit) return serve(req, res, entry, started)
      options.admit(req, res).then((allowed) => {
        if (allowed) serve(req, res, entry, started)
      }, next)
    }
    const local = entries.get(key)
    if (local || !redis) return answer(local)
    sharedEntry(key).then((shared) => {
      // Keep it locally too, unless a purge of its tags happened while Redis answered.
      if (shared && !isStale(shared.tags, startedAt)) keep(key, shared)
      answer(shared)
    }, next)
  }

  function lookup(req: IncomingMessage): CachedResponse | undefined {
    const kind = classify(req)
    if (!kind) return undefined
    const entry = entries.get(kind.key)
    if (entry) entry.route ??= label(kind.key.split('?', 1)[0])
    return entry
  }

  function serveHit(
    req: IncomingMessage,
    res: ServerResponse,
    entry: CachedResponse,
    requestId: string,
    leading: readonly string[],
    started: bigint,
  ): void {
    const headers: string[] = []
    let varied = false
    // Vary goes where Express's res.append leaves a header set twice: where it was first set.
    for (let i = 0; i < leading.length; i += 2) {
      headers.push(leading[i], leading[i + 1])
      if (!varied && leading[i] === 'Vary') {
        varied = true
        headers.push('Vary', vary)
      }
    }
    for (const [name, value] of staticHeaders) headers.push(name, value)
    headers.push('X-Cache', 'HIT', 'ETag', entry.etag, 'Cache-Control', cacheControl)
    if (!varied) headers.push('Vary', vary)
    if (options.isShuttingDown?.()) headers.push('Connection', 'close')
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers)
      res.end()
    } else {
      const encoding =
        entry.body.length >= COMPRESS_MIN_BYTES ? preferredEncoding(req.headers['accept-encoding']) : undefined
      const body = encoding ? encoded(entry, encoding) : entry.body
      headers.push('Content-Type', entry.contentType)
      if (encoding) headers.push('Content-Encoding', encoding)
      headers.push('Content-Length', String(body.length))
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
    }
    hitLogger.info(
      {
        requestId,
        method: req.method,
        route: entry.route,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        cache: 'HIT',
      },
      'request completed',
    )
  }

  function store(res: Response, body: Buffer, contentType: string): Record<string, string> {
    const pending = res.locals.cache as PendingEntry | undefined
    if (!pending) return {}
    const etag = etagOf(body)
    const stale = isStale(pending.tags, pending.startedAt)
    if (!stale) {
      keep(pending.key, { body, contentType, etag, tags: pending.tags })
      if (redis) {
        const head = Buffer.from(`${JSON.stringify({ contentType, etag, tags: pending.tags })}\n`)
        const multi = redis.client.multi().set(redisKey(pending.key), Buffer.concat([head, body]), 'EX', ttlSeconds)
        for (const tag of pending.tags)
          multi.sadd(redisTag(tag), redisKey(pending.key)).expire(redisTag(tag), ttlSeconds)
        multi.exec().catch((error: unknown) => redisWarn(error, 'write'))
      }
    }
    return { ETag: etag, 'Cache-Control': cacheControl, Vary: vary, 'X-Cache': 'MISS' }
  }

  return {
    middleware,
    store,
    purge,
    lookup,
    serveHit,
    size: () => entries.size,
    close: async () => {
      contentEvents.off('change', onChange)
      stopPeers?.()
      entries.clear()
    },
  }
}
