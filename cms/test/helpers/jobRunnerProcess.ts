/**
 * A CMS process's job runner alone, for multi-process tests: Payload on the database named in the
 * environment (already migrated) and the runner polling every JOBS_INTERVAL_MS. Prints `READY` once
 * running; on SIGTERM stops and prints `RAN <jobs this process ran>`.
 */
import { getPayload } from 'payload'
import pino from 'pino'

import { createConfig } from '../../src/config'
import { closeDatabase } from '../../src/database'
import { getEnv } from '../../src/env'
import { createJobRunner } from '../../src/jobs/runner'

const env = getEnv()
const payload = await getPayload({ config: await createConfig(env) })
const runner = createJobRunner(payload, {
  intervalMs: env.jobsIntervalMs,
  logger: pino({ level: 'error' }, pino.destination(2)),
})
process.stdout.write('READY\n')
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => closeDatabase(payload))
    .then(() => {
      process.stdout.write(`RAN ${runner.total()}\n`)
      process.exit(0)
    })
})
