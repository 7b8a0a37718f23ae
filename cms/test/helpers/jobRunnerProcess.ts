/**
 * A CMS process's job runner alone, for multi-process tests: Payload on the database named in the
 * environment (already migrated) and the runner polling every JOBS_INTERVAL_MS. Prints `READY` once
 * running; on SIGTERM stops and prints `RAN <jobs this process ran>`.
 *
 * The runner's timer is unref'd (it must not keep a server from exiting), and on SQLite nothing
 * else holds the event loop once Payload has booted: a server process has its listening socket,
 * this stand-in holds an interval of its own until SIGTERM, or it would quietly exit after its
 * first tick.
 */
import { getPayload } from 'payload'
import pino from 'pino'

import { createConfig } from '../../src/config'
import { closeDatabase } from '../../src/database'
import { getEnv } from '../../src/env'
import { createJobRunner } from '../../src/jobs/runner'

const env = getEnv()
const payload = await getPayload({ config: await createConfig(env, { generateTypes: false }) })
const runner = createJobRunner(payload, {
  intervalMs: env.jobsIntervalMs,
  logger: pino({ level: 'error' }, pino.destination(2)),
})
const alive = setInterval(() => undefined, 60_000)
process.stdout.write('READY\n')
process.once('SIGTERM', () => {
  clearInterval(alive)
  void runner
    .stop()
    .then(() => closeDatabase(payload))
    .then(() => {
      process.stdout.write(`RAN ${runner.total()}\n`)
      process.exit(0)
    })
})
