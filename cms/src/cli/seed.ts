/** `npm run seed`: creates whatever demo content is missing; safe to run any number of times. */
import { closeDatabase } from '../database'
import { getEnv } from '../env'
import { seed } from '../seed'
import { bootPayload } from './boot'

const env = getEnv()
const started = Date.now()
const payload = await bootPayload(env)
const log = (line: string) => process.stderr.write(`${line}\n`)
try {
  const result = await seed(payload, {
    admin: env.admin,
    generateAdmin: !env.isProduction && env.appEnv !== 'staging',
    log,
  })
  log(
    `seed: ${result.created} created, ${result.existing} already present (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  )
  if (result.admin) {
    log(
      `seed: admin ${result.admin.email}${result.admin.password ? ` / password ${result.admin.password} (shown once; change it after signing in)` : ''}`,
    )
  }
  await closeDatabase(payload)
  process.exit(0)
} catch (error) {
  log(`seed failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
