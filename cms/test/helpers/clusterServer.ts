/**
 * The API (no admin panel) as `npm start` runs it with WEB_CONCURRENCY > 1: a primary that migrates and
 * seeds the admin once, then forks the workers through server/workers.ts, which share PORT. Every response
 * names its worker (`X-Worker`) so tests can tell them apart. Prints `READY` once every worker listens;
 * each worker prints `DRAINED <pid> <true|false>` when its graceful shutdown is done.
 */
import cluster from 'node:cluster'

import { bootPayload, seedIfEmpty } from '../../src/cli/boot'
import { closeDatabase } from '../../src/database'
import { getEnv } from '../../src/env'
import { createApp, listen } from '../../src/server'
import { shutdownGracefully } from '../../src/server/shutdown'
import { runPrimary } from '../../src/server/workers'

const env = getEnv()
const log = (line: string) => process.stdout.write(`${line}\n`)

if (cluster.isPrimary) {
  const payload = await bootPayload(env, { generateTypes: false })
  await seedIfEmpty(payload, env, () => {})
  await closeDatabase(payload)
  const { stopped } = runPrimary({
    workers: env.webConcurrency,
    log,
    shutdownTimeoutMs: env.shutdownTimeoutMs,
    onListening: () => log('READY'),
  })
  const code = await stopped
  log(`STOPPED ${code}`)
  process.exit(code)
} else {
  const payload = await bootPayload(env, { generateTypes: false })
  const cms = createApp({ payload, env })
  const server = await listen(
    (req, res) => {
      res.setHeader('X-Worker', String(process.pid))
      cms.listener(req, res)
    },
    env.host,
    env.port,
  )
  process.once('SIGTERM', () => {
    void shutdownGracefully({ server, cms, payload, timeoutMs: env.shutdownTimeoutMs }).then((drained) => {
      log(`DRAINED ${process.pid} ${drained}`)
      process.exit(0)
    })
  })
}
