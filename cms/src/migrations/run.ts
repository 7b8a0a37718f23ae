/**
 * Applies the committed migrations for the active SQL adapter. MongoDB needs none:
 * its collections and indexes follow the config.
 */
import type { Migration, Payload } from 'payload'
import type { DatabaseKind } from '../env'

export async function runMigrations(payload: Payload, kind: DatabaseKind): Promise<void> {
  if (kind === 'mongodb') return
  const { migrations } = kind === 'sqlite' ? await import('./sqlite/index') : await import('./postgres/index')
  // Generated migration modules type their arguments per adapter; Payload's list is adapter-neutral.
  await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
}
