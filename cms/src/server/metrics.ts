/**
 * Prometheus metrics for one app: request durations by route template, in-flight, errors, timeouts, cache,
 * process, readiness, the fast list read, site search and the last successful backup. The alert rules in deploy/monitoring/ use these names
 * (test/unit/monitoring.test.ts fails when a rule names one this registry does not expose).
 */
import type { ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

import { PROCESS_ERROR_KINDS, processErrorCounts } from './processErrors'
import type { SearchFigures } from '../search/searchIndex'
import type { FastReadCounters } from './publicReads/fastRead'

export interface Metrics {
  registry: Registry
  cacheHits: Counter
  cacheMisses: Counter
  coalescedReads: Counter
  /** Requests the deadline answered 503, or cut when their response stalled (deadline.ts). */
  timeouts: Counter<'route' | 'outcome'>
  /** Counts requests and times them; `label` maps a request path to its route template. */
  middleware: (label: (path: string) => string) => RequestHandler
  /**
   * What the middleware does, for requests answered before Express (the cache's hit listener): counts
   * the request in flight until its response closes, then times it under `route()`. A response
   * tracked here is skipped by the middleware, should the request be handed over to Express after all.
   */
  track: (method: string, res: ServerResponse, route: () => string) => void
  inFlight: () => number
  /** The readiness check /metrics runs for `mspn_ready` (health.ts sets it; unset, the gauge reads 1). */
  setReadinessProbe: (probe: () => Promise<boolean>) => void
  /** The fast list read's counters (publicReads/fastRead.ts), read when /metrics is scraped. */
  setFastReadCounters: (read: () => FastReadFigures) => void
  /** The site-search index's figures (search/searchIndex.ts), read when /metrics is scraped. */
  setSearchFigures: (read: () => SearchFigures) => void
}

/** What the fast list read has done so far in this app: the counters /metrics exposes. */
export type FastReadFigures = Pick<FastReadCounters, 'served' | 'fallbacks' | 'hits' | 'misses'> &
  Partial<Pick<FastReadCounters, 'storeHits' | 'projected'>> & {
    /** Ordered ID lists read from the database, and pages answered from one (publicReads/idQuery.ts). */
    lists?: { listFills: number; listed: number; readerRuns: number }
    /** The projections on disk (publicReads/projectionStore.ts) and the variants waiting to be projected. */
    stored?: { documents: number; bytes: number; full: boolean; projecting: number }
  }

/** Marks a response already counted and timed by `track`. */
const TRACKED = Symbol('metrics: tracked')

// The backup job records its success here; every registry in the process reads it (0 until then).
let lastBackupSuccessSeconds = 0

/** Records a successful backup (`mspn_backup_last_success_timestamp_seconds`); `at` defaults to now. */
export function recordBackupSuccess(at: Date = new Date()): void {
  lastBackupSuccessSeconds = Math.floor(at.getTime() / 1000)
}

let backupFailures = 0

/** Counts a scheduled backup that failed (`mspn_backup_failures_total`). */
export function recordBackupFailure(): void {
  backupFailures += 1
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const inFlightGauge = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being served',
    registers: [registry],
  })
  const errors = new Counter({
    name: 'http_request_errors_total',
    help: 'Responses with status >= 500',
    labelNames: ['route'] as const,
    registers: [registry],
  })
  const cacheHits = new Counter({ name: 'cache_hits_total', help: 'Public read cache hits', registers: [registry] })
  const cacheMisses = new Counter({
    name: 'cache_misses_total',
    help: 'Public read cache misses (cacheable requests)',
    registers: [registry],
  })
  const coalescedReads = new Counter({
    name: 'public_reads_coalesced_total',
    help: 'Anonymous reads answered by joining an identical read already in flight',
    registers: [registry],
  })
  const timeouts = new Counter({
    name: 'http_request_timeouts_total',
    help: 'Requests past REQUEST_TIMEOUT_MS: answered 503, or destroyed when their response had stalled',
    labelNames: ['route', 'outcome'] as const,
    registers: [registry],
  })
  // The process's handlers own the counts (one process, possibly several apps); each registry reads them.
  new Counter({
    name: 'process_uncaught_errors_total',
    help: 'Uncaught exceptions and unhandled rejections in this process (see processErrors.ts)',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const counts = processErrorCounts()
      this.reset()
      for (const kind of PROCESS_ERROR_KINDS) this.inc({ kind }, counts[kind])
    },
  })
  new Gauge({
    name: 'mspn_backup_last_success_timestamp_seconds',
    help: 'Unix time of the last successful backup; 0 until one succeeds (see recordBackupSuccess)',
    registers: [registry],
    // Several worker processes: the newest report wins (metrics.ts cluster aggregation).
    aggregator: 'max',
    collect() {
      this.set(lastBackupSuccessSeconds)
    },
  })
  new Counter({
    name: 'mspn_backup_failures_total',
    help: 'Scheduled backups that failed in this process (the reason is in the log)',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(backupFailures)
    },
  })
  let readinessProbe: (() => Promise<boolean>) | undefined
  new Gauge({
    name: 'mspn_ready',
    help: '1 when this process would answer /ready with 200 (database, Redis, not shutting down), else 0',
    registers: [registry],
    // Several worker processes: one failing worker makes the whole 0.
    aggregator: 'min',
    async collect() {
      this.set(readinessProbe ? ((await readinessProbe().catch(() => false)) ? 1 : 0) : 1)
    },
  })
  let fastRead: (() => FastReadFigures) | undefined
  /**
   * A counter read from the fast read's figures when /metrics is scraped: one series per `label` value
   * (a single unlabelled one without `label`); a figure not there (no fast read, no ordered lists) is left out.
   */
  const fastReadCounter = (
    name: string,
    help: string,
    series: Record<string, (figures: FastReadFigures) => number | undefined>,
    label?: string,
  ) =>
    new Counter({
      name,
      help,
      labelNames: label ? [label] : [],
      registers: [registry],
      collect() {
        this.reset()
        const figures = fastRead?.()
        if (!figures) return
        for (const [value, read] of Object.entries(series)) {
          const count = read(figures)
          if (count === undefined) continue
          if (label) this.inc({ [label]: value }, count)
          else this.inc(count)
        }
      },
    })
  fastReadCounter(
    'mspn_fast_reads_total',
    'Anonymous list reads the fast read answered (served) or left to Payload after a look (fallback)',
    { served: (figures) => figures.served, fallback: (figures) => figures.fallbacks },
    'outcome',
  )
  fastReadCounter(
    'mspn_fast_read_documents_total',
    "Documents in fast-read answers, by where they came from: a projection in memory (projection) or on disk (stored), or Payload's find (filled); and documents projected in the background (projected)",
    {
      projection: (figures) => figures.hits,
      stored: (figures) => figures.storeHits,
      filled: (figures) => figures.misses,
      projected: (figures) => figures.projected,
    },
    'source',
  )
  const fastReadGauge = (name: string, help: string, read: (figures: FastReadFigures) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset()
        const figures = fastRead?.()
        const value = figures ? read(figures) : undefined
        if (value !== undefined) this.set(value)
      },
    })
  fastReadGauge(
    'mspn_fast_read_store_bytes',
    "Bytes of document projections kept on disk behind the fast read's memory (FAST_READ_STORE_MAX_BYTES)",
    (figures) => figures.stored?.bytes,
  )
  fastReadGauge(
    'mspn_fast_read_store_full',
    '1 when projections on disk have stopped until the next change (FAST_READ_STORE_MAX_BYTES reached, the disk down to FAST_READ_STORE_RESERVE_BYTES, or a write refused), else 0',
    (figures) => (figures.stored ? Number(figures.stored.full) : undefined),
  )
  fastReadGauge(
    'mspn_fast_read_projecting',
    'Variants waiting to be projected in the background, or being projected (0 when every slotted variant is done)',
    (figures) => figures.stored?.projecting,
  )
  fastReadCounter(
    'mspn_fast_read_lists_total',
    'Ordered ID lists of filters read whole from the database (filled), and pages answered from one (paged)',
    { filled: (figures) => figures.lists?.listFills, paged: (figures) => figures.lists?.listed },
    'use',
  )
  fastReadCounter(
    'mspn_fast_read_reader_statements_total',
    "Compiled ID statements run on the SQLite reader connection (publicReads/sqliteReader.ts) rather than Payload's client",
    { runs: (figures) => figures.lists?.readerRuns },
  )
  let search: (() => SearchFigures) | undefined
  new Gauge({
    name: 'mspn_search_documents',
    help: 'Documents in the site-search index answering now',
    registers: [registry],
    // Several worker processes each hold the whole index: the smallest shows one that lags.
    aggregator: 'min',
    collect() {
      const figures = search?.()
      if (figures) this.set(figures.documents)
    },
  })
  new Gauge({
    name: 'mspn_search_engine_in_worker',
    help: '1 when the site-search engine runs in a worker thread (SEARCH_WORKER_MIN_DOCUMENTS), 0 in the process',
    registers: [registry],
    aggregator: 'min',
    collect() {
      const figures = search?.()
      if (figures) this.set(figures.inWorker ? 1 : 0)
    },
  })
  new Counter({
    name: 'mspn_search_worker_stops_total',
    help: 'Search worker threads that stopped on their own (the index was rebuilt in the process; the reason is in the log)',
    registers: [registry],
    collect() {
      this.reset()
      const figures = search?.()
      if (figures) this.inc(figures.workerStops)
    },
  })
  let current = 0
  // Label children looked up once per (method, route, status): observe() then skips label hashing.
  const children = new Map<string, ReturnType<typeof duration.labels>>()
  const timer = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`
    let child = children.get(key)
    if (!child) {
      child = duration.labels(method, route, status)
      children.set(key, child)
    }
    return child
  }

  function track(method: string, res: ServerResponse, route: () => string): void {
    const start = process.hrtime.bigint()
    current += 1
    inFlightGauge.inc()
    ;(res as ServerResponse & { [TRACKED]?: true })[TRACKED] = true
    res.once('close', () => {
      current -= 1
      inFlightGauge.dec()
      const name = route()
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      timer(method, name, String(res.statusCode)).observe(seconds)
      if (res.statusCode >= 500) errors.inc({ route: name })
    })
  }

  return {
    registry,
    cacheHits,
    cacheMisses,
    coalescedReads,
    timeouts,
    inFlight: () => current,
    setReadinessProbe: (probe) => {
      readinessProbe = probe
    },
    setFastReadCounters: (read) => {
      fastRead = read
    },
    setSearchFigures: (read) => {
      search = read
    },
    track,
    middleware: (label) => (req, res, next) => {
      if (!(TRACKED in res)) track(req.method, res, () => label(req.path))
      next()
    },
  }
}
