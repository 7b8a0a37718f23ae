/**
 * The production host: Express in front of Payload, behind `listener`, which answers in-memory cache
 * hits itself before Express sees them (publicReads/hitListener.ts). Order matters: request ID and metrics first
 * (so every response carries both), the request deadline, then the public read cache's fast path for
 * hits, then logs, security headers and compression, health routes (never rate-limited), limits and
 * body checks, Payload's API (which fills cache misses), and finally the admin panel through Next.js.
 */
import http, { type RequestListener, type Server } from 'node:http'
import compression from 'compression'
import express, { type Express, type Request, type Response } from 'express'
import type { Redis } from 'ioredis'
import type { Payload } from 'payload'
import { stdSerializers, type Logger } from 'pino'
import { pinoHttp } from 'pino-http'

import { ERRORS } from '@mspn/contract/errors'

import type { Env } from '../env'
import { registerActionLimits } from './limits/actionLimits'
import { apiDocs } from './openapi/apiDocs'
import { createResponseCache, type ResponseCache } from './publicReads/cache'
import { errorHandler, refuse } from './errors'
import { createErrorReporter, type ErrorReporter } from './errorReporting'
import { healthRoutes } from './health'
import { createLogger } from './logger'
import { createMetrics, type Metrics } from './metrics'
import { bufferApiBodies } from './guards/body'
import { clientIdentity } from './limits/clientIdentity'
import { httpsRedirect } from './middleware/httpsRedirect'
import { idSyntax } from './guards/idSyntax'
import { pathGuard } from './guards/pathGuard'
import { queryGuard } from './guards/queryGuard'
import { apiCors } from './middleware/cors'
import { csrfGuard } from './middleware/csrf'
import { deadline } from './middleware/deadline'
import { rateLimits } from './limits/rateLimits'
import { requestId } from './middleware/requestId'
import { securityHeaders, snapshotHeaders } from './middleware/security'
import { payloadApi } from './payloadApi'
import { publicReadClassifier } from './publicReads/classify'
import { createReadCoalescer } from './publicReads/readCoalescing'
import { createFastRead, type FastRead } from './publicReads/fastRead'
import { hitListener } from './publicReads/hitListener'
import { createRedis } from './redis'
import { routeTemplate } from './routeTemplate'
import { createSiteRevalidator } from './siteRevalidator'
import { workerClusterMetrics, workerPurgePeers } from './workers'
import { createSearchIndex, type SearchIndex } from '../search/searchIndex'
import { searchRoute } from './searchRoute'

export type NextRequestHandler = (req: Request, res: Response) => Promise<void>

export interface AppOptions {
  payload: Payload
  env: Env
  /** Next.js handler for the admin panel; omitted, only the API is served. */
  nextHandler?: NextRequestHandler
  logger?: Logger
}

export interface CmsApp {
  app: Express
  /**
   * What the HTTP server runs: cache hits answered before Express (publicReads/hitListener.ts), the
   * rest by `app`. Serve this, not `app`, so hits take the path production takes.
   */
  listener: RequestListener
  logger: Logger
  metrics: Metrics
  cache?: ResponseCache
  /** The fast list read (publicReads/fastRead.ts), when on. */
  fastRead?: FastRead
  redis?: Redis
  /** Set with SENTRY_DSN: reports 5xx responses. */
  errorReporter?: ErrorReporter
  /** Site search over published content (GET <api>/search). */
  search: SearchIndex
  /** Flips readiness to 503 and asks keep-alive clients to disconnect. */
  beginShutdown: () => void
  isShuttingDown: () => boolean
  /** Releases what the app holds (cache listeners, Redis connections). */
  close: () => Promise<void>
}

export function createApp({ payload, env, nextHandler, logger = createLogger(env) }: AppOptions): CmsApp {
  const config = payload.config
  const apiRoute = config.routes.api
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.set('trust proxy', env.trustProxy)
  app.set('query parser', 'extended')

  let shuttingDown = false
  const redis = env.redis ? createRedis(env.redis.url, logger, 'rate-limit', env.redis.commandTimeoutMs) : undefined
  const cacheRedis =
    env.redis && env.cache.enabled
      ? {
          client: createRedis(env.redis.url, logger, 'cache', env.redis.commandTimeoutMs),
          subscriber: createRedis(env.redis.url, logger, 'cache-subscribe', env.redis.commandTimeoutMs),
          prefix: env.redis.prefix,
        }
      : undefined
  const metrics = createMetrics()
  const slugs = new Set([...config.collections.map((c) => c.slug), ...config.globals.map((g) => `global:${g.slug}`)])
  const label = (path: string) => routeTemplate(path, apiRoute, slugs)
  const security = securityHeaders({ production: env.isProduction, frameSources: [env.siteUrl] })
  const limits = rateLimits({
    apiRoute,
    budgets: env.rateLimits,
    contactMinFillSeconds: env.contactMinFillSeconds,
    redis,
    prefix: env.redis?.prefix ?? 'mspn:',
    failureMode: env.redis?.failureMode ?? 'open',
    logger,
  })
  // Sign-in, password reset, contact and API-key budgets are enforced by Payload hooks on the
  // operation (see actionLimits.ts); requests through this app carry its counters to them.
  const actionLimits = registerActionLimits(payload, limits.actions)
  const classify = publicReadClassifier(config)
  const peers = workerPurgePeers()
  // Projections must hear of other processes' changes: through the cache's purge relay, or there are none.
  const fastRead =
    env.fastReadMaxBytes > 0 && (env.cache.enabled || (!env.redis && !peers))
      ? createFastRead({
          payload,
          maxBytes: env.fastReadMaxBytes,
          storeMaxBytes: env.fastReadStoreMaxBytes,
          storeReserveBytes: env.fastReadStoreReserveBytes,
          projectAfter: env.fastReadProjectAfter,
          onStoreWriteError: (error) =>
            logger.warn(
              { err: error },
              'fast read: projections on disk stopped (the file could not be made, the disk refused one, or its free space is down to the reserve); until the next change they stay in memory only',
            ),
        })
      : undefined
  if (fastRead)
    metrics.setFastReadCounters(() => ({ ...fastRead.counters, lists: fastRead.lists, stored: fastRead.stored() }))
  const cache = env.cache.enabled
    ? createResponseCache({
        config,
        classify,
        maxBytes: env.cache.maxBytes,
        sMaxAge: env.cache.sMaxAge,
        staleWhileRevalidate: env.cache.staleWhileRevalidate,
        metrics,
        logger,
        label,
        staticHeaders: snapshotHeaders(security, `${apiRoute}/`),
        admit: limits.countApiRequest,
        redis: cacheRedis,
        peers,
        onPurge: fastRead?.invalidate,
        isShuttingDown: () => shuttingDown,
      })
    : undefined

  const coalescer = env.readCoalescing ? createReadCoalescer(() => metrics.coalescedReads.inc()) : undefined

  // Every process keeps its own index; with Redis, changes are fanned out so all stay current.
  const searchRedis = env.redis
    ? {
        client: createRedis(env.redis.url, logger, 'search', env.redis.commandTimeoutMs),
        subscriber: createRedis(env.redis.url, logger, 'search-subscribe', env.redis.commandTimeoutMs),
        prefix: env.redis.prefix,
      }
    : undefined
  const search = createSearchIndex({
    payload,
    logger,
    redis: searchRedis,
    workerFrom: env.searchWorkerMinDocuments,
  })
  metrics.setSearchFigures(search.figures)

  const revalidator = env.revalidateSecret
    ? createSiteRevalidator({ siteUrls: env.siteInvalidateUrls, secret: env.revalidateSecret, logger })
    : undefined

  const errorReporter = env.errorReporting
    ? createErrorReporter({
        dsn: env.errorReporting.dsn,
        environment: env.appEnv,
        release: env.errorReporting.release,
        logger,
      })
    : undefined

  app.use(requestId())
  if (errorReporter) app.use(errorReporter.middleware(label))
  app.use(clientIdentity({ siteSecret: env.revalidateSecret, logger }))
  app.use(actionLimits.middleware)
  if (env.redirectToHttps) app.use(httpsRedirect(env.publicUrl))
  app.use(metrics.middleware(label))
  // Before everything that may take time (cache, body reads, Payload, Next): every request gets an answer.
  const uploadPrefixes = config.collections.filter((c) => c.upload).map((c) => `${apiRoute}/${c.slug}`)
  app.use(
    deadline({
      timeoutMs: env.requestTimeoutMs,
      uploadTimeoutMs: env.uploadTimeoutMs,
      isUpload: (req) =>
        /^multipart\/form-data/i.test(req.get('content-type') ?? '') &&
        uploadPrefixes.some((p) => req.path === p || req.path.startsWith(`${p}/`)),
      onTimeout: (req, res, outcome) => {
        metrics.timeouts.inc({ route: label(req.path), outcome })
        logger.warn({ requestId: res.locals.requestId, url: req.originalUrl, outcome }, 'request deadline passed')
      },
    }),
  )
  app.use(apiCors(apiRoute, env.corsOrigins))
  // Cache hits the hit listener left to Express (shared Redis entries, refusals, odd URLs, servers run
  // on `app` alone) are answered here, before the rest of the chain (see cache.ts).
  if (cache) app.use(cache.middleware)
  app.use(
    pinoHttp({
      logger,
      genReqId: (_req, res) => (res as Response).locals.requestId as string,
      customProps: (req) => ({
        requestId: (req as Request).res?.locals.requestId,
        route: label((req as Request).path ?? ''),
      }),
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      // Given the raw request and response (wrapSerializers: false): pino's standard serializers, which
      // these would otherwise be handed the output of, read `req.query` (a full query-string parse per
      // request in Express 5, for a field the line never shows) and copy every header.
      wrapSerializers: false,
      serializers: {
        req: (req: Request) => ({ method: req.method, url: req.originalUrl || req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: stdSerializers.err,
      },
    }),
  )
  app.use((_req, res, next) => {
    if (shuttingDown) res.setHeader('Connection', 'close')
    next()
  })
  app.use(security)
  app.use(compression({ threshold: 1024 }))

  app.use(
    healthRoutes({
      payload,
      redis,
      metrics,
      metricsToken: env.metricsToken,
      isShuttingDown: () => shuttingDown,
      clusterMetrics: workerClusterMetrics(metrics.registry),
    }),
  )

  app.use(limits.handlers)
  // Payload's CSRF list comes from the same CORS_ORIGINS, plus the CMS's own address (its admin panel).
  app.use(
    csrfGuard({
      apiRoute,
      allowedOrigins: [...env.corsOrigins, env.publicUrl],
      cookieName: `${config.cookiePrefix}-token`,
      logger,
    }),
  )
  const ids = idSyntax(config)
  app.use(pathGuard(config, ids))
  app.use(
    bufferApiBodies({
      apiRoute,
      limitBytes: env.bodyLimitBytes,
      uploadLimitBytes: env.mediaMaxBytes,
      graphqlPath: `${apiRoute}${config.routes.graphQL}`,
      uploadCollections: config.collections.filter((c) => c.upload).map((c) => c.slug),
      maxDepth: env.bodyMaxDepth,
      csvPaths: [`${apiRoute}/redirects/import`],
    }),
  )
  app.use(queryGuard(apiRoute, ids, `${apiRoute}${config.routes.graphQL}`))
  app.use(searchRoute(apiRoute, search))
  app.use(apiDocs(config, { serverUrl: env.publicUrl, referencePage: env.isDevelopment }))
  app.use(
    payloadApi({
      config,
      playground: env.graphqlPlayground,
      cache,
      fastRead,
      coalescing: coalescer ? { coalescer, classify } : undefined,
      maxDepth: env.bodyMaxDepth,
    }),
  )

  if (nextHandler) {
    app.all('/{*splat}', (req, res, next) => {
      // Next.js adds several 'close' listeners of its own to each response; with ours (metrics,
      // deadline, logs) that passes Node's default of 10 and prints a leak warning per admin page.
      res.setMaxListeners(32)
      nextHandler(req, res).catch(next)
    })
  } else {
    app.use((req, res) => refuse(res, ERRORS.NOT_FOUND, `No route for ${req.method} ${req.path}`))
  }
  app.use(errorHandler(logger))

  const listener = cache
    ? hitListener({
        app,
        cache,
        metrics,
        limits,
        corsOrigins: env.corsOrigins,
        siteSecret: env.revalidateSecret,
        timeoutMs: env.requestTimeoutMs,
        redirectToHttps: env.redirectToHttps,
        logger,
      })
    : (app as unknown as RequestListener)

  return {
    app,
    listener,
    logger,
    metrics,
    cache,
    fastRead,
    redis,
    errorReporter,
    search,
    beginShutdown: () => {
      shuttingDown = true
    },
    isShuttingDown: () => shuttingDown,
    close: async () => {
      actionLimits.unregister()
      await revalidator?.stop()
      await cache?.close()
      coalescer?.close()
      fastRead?.close()
      await errorReporter?.flush()
      await search.close()
      for (const client of [
        redis,
        cacheRedis?.client,
        cacheRedis?.subscriber,
        searchRedis?.client,
        searchRedis?.subscriber,
      ])
        client?.disconnect()
    },
  }
}

/** Listens on HOST:PORT with `listener` (a CmsApp's `listener`, or any Express app) and resolves once the socket is bound. */
export function listen(listener: RequestListener, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(listener)
    server.once('error', reject)
    server.listen(port, host, () => resolve(server))
  })
}
