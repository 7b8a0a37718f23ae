/**
 * A child process for processErrors.test.ts: the real requestId middleware and process handlers around
 * routes that fail outside any try/catch. Logs JSON lines on stdout; prints `READY <url>` when listening.
 */
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'

import { createMetrics } from '../../src/server/metrics'
import { requestId } from '../../src/server/middleware/requestId'
import { installProcessErrorHandlers } from '../../src/server/processErrors'

const logger = pino({ base: null })
const metrics = createMetrics()
installProcessErrorHandlers({
  logger,
  onUncaughtException: () => logger.info({ policy: 'drain-and-exit' }, 'would drain and exit'),
})

const app = express()
app.use(requestId())
// The failure happens a tick later, in a timer or a promise the handler dropped: no try/catch sees it.
app.get('/throw', () => {
  setTimeout(() => {
    throw new RangeError('Maximum call stack size exceeded')
  }, 5)
})
app.get('/reject', () => {
  void Promise.resolve().then(() => {
    throw new Error('nobody awaited this')
  })
})
app.get('/metrics', async (_req, res) => {
  res.type('text/plain').send(await metrics.registry.metrics())
})
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`)
})
