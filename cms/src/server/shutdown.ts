/**
 * Graceful shutdown: readiness turns 503, the listener stops accepting, idle keep-alive sockets
 * close, in-flight requests finish (up to a deadline), then the app and database are released.
 */
import type { Server } from 'node:http'
import type { Payload } from 'payload'

import { closeDatabase } from '../database'
import type { CmsApp } from './index'

export interface ShutdownOptions {
  server: Server
  cms: CmsApp
  payload: Payload
  timeoutMs: number
}

/** Resolves true when every in-flight request finished before the deadline. */
export async function shutdownGracefully({ server, cms, payload, timeoutMs }: ShutdownOptions): Promise<boolean> {
  cms.beginShutdown()
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  const deadline = Date.now() + timeoutMs
  while (cms.metrics.inFlight() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25))
    server.closeIdleConnections()
  }
  const drained = cms.metrics.inFlight() === 0
  if (!drained)
    cms.logger.warn({ inFlight: cms.metrics.inFlight() }, 'shutdown deadline reached; closing remaining connections')
  server.closeAllConnections()
  await closed
  await cms.close()
  await closeDatabase(payload)
  return drained
}
