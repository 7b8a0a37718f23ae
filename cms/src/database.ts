/**
 * The only place that picks a database adapter. Project code reaches data through Payload,
 * so SQLite, PostgreSQL and MongoDB behave the same to everything above this file.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { DatabaseAdapterObj, Payload } from 'payload'
import { sqliteAdapter } from '@payloadcms/db-sqlite'
import { postgresAdapter } from '@payloadcms/db-postgres'
import { mongooseAdapter } from '@payloadcms/db-mongodb'

import { cmsRoot, databaseKindOf, redactUrl, type Env } from './env'

export const migrationDirs = {
  sqlite: path.join(cmsRoot, 'src', 'migrations', 'sqlite'),
  postgres: path.join(cmsRoot, 'src', 'migrations', 'postgres'),
} as const

/** Resolves `file:relative/path.db` against the cms package, and makes sure its folder exists. */
export function resolveSqliteUrl(url: string): string {
  const target = url.slice('file:'.length)
  if (target === ':memory:') return url
  const absolute = path.isAbsolute(target) ? target : path.resolve(cmsRoot, target)
  fs.mkdirSync(path.dirname(absolute), { recursive: true })
  return `file:${absolute}`
}

/** A MongoDB deployment supports transactions only as a replica set (Atlas `+srv` URLs always are). */
export function mongoSupportsTransactions(url: string): boolean {
  return url.startsWith('mongodb+srv://') || /[?&]replicaSet=/.test(url)
}

export interface DatabaseOptions {
  /** Let Drizzle push the schema instead of requiring migrations (development and tests only). */
  push?: boolean
}

export function databaseAdapter(database: Env['database'], options: DatabaseOptions = {}): DatabaseAdapterObj {
  const push = options.push ?? false
  switch (databaseKindOf(database.url)) {
    case 'sqlite':
      return sqliteAdapter({
        client: { url: resolveSqliteUrl(database.url) },
        wal: true,
        busyTimeout: 5000,
        push,
        migrationDir: migrationDirs.sqlite,
      })
    case 'postgres':
      return postgresAdapter({
        pool: { connectionString: database.url, max: database.poolMax, connectionTimeoutMillis: 5000 },
        push,
        migrationDir: migrationDirs.postgres,
      })
    case 'mongodb':
      return mongooseAdapter({
        url: database.url,
        transactionOptions: mongoSupportsTransactions(database.url) ? {} : false,
        connectOptions: { serverSelectionTimeoutMS: 5000 },
      })
    default:
      throw new Error(`Unsupported DATABASE_URL "${redactUrl(database.url)}": use file:, postgres:// or mongodb://`)
  }
}

interface PgPoolInternals {
  end: () => Promise<void>
  _clients?: { release?: () => void }[]
  _idle?: { client: unknown }[]
}

/**
 * Closes the adapter's connections. Payload's `destroy()` forgets the schema but leaves the
 * PostgreSQL pool and the SQLite client open, which keeps a stopping process alive; and the
 * PostgreSQL adapter keeps one client checked out for good, so `pool.end()` alone never returns.
 * Call it once no request is in flight.
 */
export async function closeDatabase(payload: Payload): Promise<void> {
  const db = payload.db as unknown as { pool?: PgPoolInternals; client?: { close: () => void } }
  const pool = db.pool
  const client = payload.db.name === 'sqlite' ? db.client : undefined
  await payload.destroy()
  if (pool) {
    const idle = new Set((pool._idle ?? []).map((item) => item.client))
    for (const held of pool._clients ?? []) {
      if (idle.has(held)) continue
      try {
        held.release?.()
      } catch {
        // already released
      }
    }
    await pool.end()
  }
  client?.close()
}

/**
 * Keeps a database outage from crashing the process: node-postgres emits 'error' on the pool when
 * an idle connection dies (server restart, failover), and an unhandled 'error' event is fatal.
 * Requests then fail with 5xx/503 and /ready reports it until the database is back.
 */
export function guardDatabaseErrors(payload: Payload): void {
  const pool = (payload.db as unknown as { pool?: { on: (event: 'error', listener: (error: Error) => void) => void } }).pool
  pool?.on('error', (error) => payload.logger.warn({ err: error }, 'database connection lost; it will be replaced on next use'))
}
