/** Liveness, readiness (database and Redis) and the metrics endpoint. */
import { Router, type Request } from 'express'
import type { Redis } from 'ioredis'
import type { Payload } from 'payload'

import { ERRORS } from '@mspn/contract/errors'

import { errorItem, refuse } from './errors'
import type { Metrics } from './metrics'

export interface HealthOptions {
  payload: Payload
  redis?: Redis
  metrics: Metrics
  metricsToken?: string
  /** True once shutdown has begun: readiness fails so load balancers drain us. */
  isShuttingDown: () => boolean
  checkTimeoutMs?: number
  /** In a cluster worker (workers.ts): the text of every worker's metrics together. */
  clusterMetrics?: () => Promise<string>
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ])

function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? ''
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
}

export function healthRoutes({
  payload,
  redis,
  metrics,
  metricsToken,
  isShuttingDown,
  checkTimeoutMs = 2000,
  clusterMetrics,
}: HealthOptions): Router {
  const router = Router()

  router.get('/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ status: 'ok', uptime: Math.round(process.uptime()) })
  })

  /** The checks behind /ready and the `mspn_ready` gauge. */
  const readiness = async () => {
    const checks: Record<string, string> = {}
    const failed: string[] = []
    if (isShuttingDown()) failed.push('shutdown')
    try {
      await withTimeout(
        payload.count({ collection: 'payload-migrations', overrideAccess: true }),
        checkTimeoutMs,
        'database',
      )
      checks.database = 'ok'
    } catch (error) {
      checks.database = error instanceof Error ? error.message : 'unreachable'
      failed.push('database')
    }
    if (redis) {
      try {
        await withTimeout(redis.ping(), checkTimeoutMs, 'redis')
        checks.redis = 'ok'
      } catch (error) {
        checks.redis = error instanceof Error ? error.message : 'unreachable'
        failed.push('redis')
      }
    }
    return { checks, failed }
  }
  metrics.setReadinessProbe(async () => (await readiness()).failed.length === 0)

  router.get('/ready', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    const { checks, failed } = await readiness()
    if (failed.length > 0) {
      res.status(503).json({
        status: 'unavailable',
        checks,
        errors: failed.map((name) =>
          errorItem(
            ERRORS.UNAVAILABLE,
            name === 'shutdown' ? 'shutting down' : `${name} unavailable: ${checks[name]}`,
            name,
          ),
        ),
        requestId: res.locals.requestId,
      })
      return
    }
    res.json({ status: 'ready', checks })
  })

  router.get('/metrics', async (req, res) => {
    const token = req.get('authorization')?.replace(/^Bearer\s+/i, '')
    const allowed = metricsToken ? token === metricsToken : isLoopback(req)
    if (!allowed) {
      refuse(res, ERRORS.FORBIDDEN, 'Metrics are available from loopback or with METRICS_TOKEN.')
      return
    }
    res.setHeader('Content-Type', metrics.registry.contentType)
    res.setHeader('Cache-Control', 'no-store')
    // One worker's numbers alone would be a random share of the truth: ask for the cluster's, else say what we have.
    const text = clusterMetrics ? await clusterMetrics().catch(() => undefined) : undefined
    res.end(text ?? (await metrics.registry.metrics()))
  })
  return router
}
