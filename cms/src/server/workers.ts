/**
 * WEB_CONCURRENCY > 1: one primary process forks that many server processes (node:cluster), which share
 * PORT (the primary hands out connections round-robin). What the workers must share goes through the
 * primary over IPC:
 * - cache purges, when there is no Redis (with Redis, its pub/sub already reaches every process): a worker
 *   that saw a change sends the purged tags, the primary relays them to every other worker;
 * - /metrics: whichever worker is scraped asks the primary, which collects every worker's registry
 *   (prom-client's AggregatorRegistry) and answers with the sum (gauges as each metric says: readiness the
 *   minimum, the last backup the maximum).
 * On SIGTERM or SIGINT the primary sends SIGTERM to every worker, each drains (shutdown.ts), and the
 * primary exits once all have: 0 if every worker exited cleanly. A worker that dies otherwise is replaced.
 * Scheduled jobs run in every worker; their atomic claim (jobs/claim.ts) runs each job once.
 */
import cluster, { type Worker } from 'node:cluster'
import { AggregatorRegistry, type Registry } from 'prom-client'

import type { PurgePeers } from './publicReads/cache'

const PURGE = 'mspn:cache-purge'
const METRICS_REQUEST = 'mspn:metrics-request'
const METRICS_RESPONSE = 'mspn:metrics-response'

interface Message {
  type?: string
  tags?: unknown
  id?: number
  text?: string
  error?: string
}

const isMessage = (value: unknown): value is Message => typeof value === 'object' && value !== null

/** True in a process forked by runPrimary. */
export const isClusterWorker = () => cluster.isWorker && typeof process.send === 'function'

/** This worker's side of cross-worker cache purges; undefined outside a cluster. */
export function workerPurgePeers(): PurgePeers | undefined {
  if (!isClusterWorker()) return undefined
  return {
    publish: (tags) => {
      if (process.connected) process.send?.({ type: PURGE, tags })
    },
    subscribe: (onPurge) => {
      const listener = (message: unknown) => {
        if (isMessage(message) && message.type === PURGE && Array.isArray(message.tags))
          onPurge(message.tags.map(String))
      }
      process.on('message', listener)
      return () => process.off('message', listener)
    },
  }
}

/**
 * In a worker: registers `registry` for the primary's collection and returns the function /metrics
 * calls for the whole cluster's text. Undefined outside a cluster (the registry answers alone).
 */
export function workerClusterMetrics(registry: Registry, timeoutMs = 5000): (() => Promise<string>) | undefined {
  if (!isClusterWorker()) return undefined
  AggregatorRegistry.setRegistries([registry])
  // Constructing one installs prom-client's listener that answers the primary's collection requests.
  new AggregatorRegistry()
  let next = 0
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = ++next
      const timer = setTimeout(() => {
        process.off('message', listener)
        reject(new Error('the primary process did not answer for metrics'))
      }, timeoutMs)
      const listener = (message: unknown) => {
        if (!isMessage(message) || message.type !== METRICS_RESPONSE || message.id !== id) return
        clearTimeout(timer)
        process.off('message', listener)
        if (message.error !== undefined) reject(new Error(message.error))
        else resolve(message.text ?? '')
      }
      process.on('message', listener)
      process.send?.({ type: METRICS_REQUEST, id })
    })
}

export interface PrimaryOptions {
  workers: number
  log: (line: string) => void
  /** Called once, when every worker first listens. */
  onListening?: () => void
  /** How long workers get to drain before they are killed. */
  shutdownTimeoutMs: number
}

export interface Primary {
  /** Resolves with the exit code once every worker has exited. */
  stopped: Promise<number>
}

/** Runs in the primary process: forks, relays, replaces crashed workers, and stops them all on a signal. */
export function runPrimary({ workers, log, onListening, shutdownTimeoutMs }: PrimaryOptions): Primary {
  const aggregator = new AggregatorRegistry()
  let stopping = false
  let failed = false
  let listening = 0
  let resolveStopped: (code: number) => void = () => {}
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve))

  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead())

  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message)) return
    if (message.type === PURGE) {
      for (const other of alive()) if (other.id !== worker.id && other.isConnected()) other.send(message)
    } else if (message.type === METRICS_REQUEST) {
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
        (error: unknown) =>
          worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id: message.id, error: String(error) }),
      )
    }
  })
  cluster.on('listening', () => {
    listening += 1
    if (listening === workers) onListening?.()
  })
  cluster.on('exit', (worker, code, signal) => {
    if (code !== 0) failed = true
    if (stopping) {
      if (alive().length === 0) resolveStopped(failed ? 1 : 0)
      return
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`)
    setTimeout(() => !stopping && cluster.fork(), 1000).unref()
  })

  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping ${alive().length} workers`)
    for (const worker of alive()) worker.process.kill('SIGTERM')
    if (alive().length === 0) resolveStopped(0)
    setTimeout(() => {
      for (const worker of alive()) worker.process.kill('SIGKILL')
    }, shutdownTimeoutMs + 10_000).unref()
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))

  for (let i = 0; i < workers; i += 1) cluster.fork()
  return { stopped }
}
