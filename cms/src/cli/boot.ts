/** Starts Payload for a command: validated env, the database ready and migrated. */
import { getPayload, type Payload } from 'payload'

import { createConfig } from '../config'
import { boundQueryTime, guardDatabaseErrors } from '../database'
import type { Env } from '../env'
import { runMigrations } from '../migrations/run'
import { isEmptyDatabase, seed, type SeedResult } from '../seed'

export interface BootOptions {
  /** Apply pending migrations (default true; a backup reads the database as it is). */
  migrate?: boolean
  /** Payload caches one instance per key: a second database in the same process needs its own. */
  key?: string
  /** Payload's regeneration of payload-types.ts at a non-production start (ConfigOptions.generateTypes). */
  generateTypes?: boolean
}

export async function bootPayload(env: Env, options: BootOptions = {}): Promise<Payload> {
  const payload = await getPayload({
    config: await createConfig(env, { generateTypes: options.generateTypes }),
    key: options.key,
  })
  guardDatabaseErrors(payload)
  if (options.migrate ?? true) await runMigrations(payload, env.database.kind)
  boundQueryTime(payload, env.database.queryTimeoutMs)
  return payload
}

/** Seeds when asked to and the database is empty; always makes sure there is a first admin. */
export async function seedIfEmpty(
  payload: Payload,
  env: Env,
  log: (line: string) => void,
): Promise<SeedResult | undefined> {
  const content = env.seedOnStart && (await isEmptyDatabase(payload))
  return seed(payload, {
    admin: env.admin,
    // A generated password is printed once; production never gets a default account.
    generateAdmin: !env.isProduction && env.appEnv !== 'staging',
    content,
    log,
  })
}
