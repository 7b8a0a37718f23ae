/**
 * The only place that picks a database adapter. Project code reaches data through Payload,
 * so SQLite, PostgreSQL and MongoDB behave the same to everything above this file.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { DatabaseAdapterObj, Payload } from 'payload'

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

/**
 * The adapter for DATABASE_URL. Only that adapter's package is imported: a SQLite process never
 * loads the PostgreSQL or MongoDB drivers (mongoose alone is about 10 MB of heap), and so on.
 */
export async function databaseAdapter(
  database: Env['database'],
  options: DatabaseOptions = {},
): Promise<DatabaseAdapterObj> {
  const push = options.push ?? false
  switch (databaseKindOf(database.url)) {
    case 'sqlite': {
      const { sqliteAdapter } = await import('@payloadcms/db-sqlite')
      return withSqliteTransactions(
        sqliteAdapter({
          client: { url: resolveSqliteUrl(database.url) },
          wal: true,
          busyTimeout: 5000,
          push,
          migrationDir: migrationDirs.sqlite,
        }),
        database.queryTimeoutMs > 0 ? database.queryTimeoutMs : 15_000,
      )
    }
    case 'postgres': {
      const { postgresAdapter } = await import('@payloadcms/db-postgres')
      return postgresAdapter({
        pool: {
          connectionString: database.url,
          max: database.poolMax,
          // Bounded waits: a request never hangs on a database that does not answer (see isDatabaseUnavailable).
          // The per-query bound is applied once migrations have run (boundQueryTime): they may take longer.
          connectionTimeoutMillis: database.connectTimeoutMs,
        },
        push,
        migrationDir: migrationDirs.postgres,
      })
    }
    case 'mongodb': {
      const { mongooseAdapter } = await import('@payloadcms/db-mongodb')
      return mongooseAdapter({
        url: database.url,
        transactionOptions: mongoSupportsTransactions(database.url) ? {} : false,
        connectOptions: {
          serverSelectionTimeoutMS: database.connectTimeoutMs,
          connectTimeoutMS: database.connectTimeoutMs,
          ...(database.queryTimeoutMs > 0 ? { socketTimeoutMS: database.queryTimeoutMs } : {}),
        },
      })
    }
    default:
      throw new Error(`Unsupported DATABASE_URL "${redactUrl(database.url)}": use file:, postgres:// or mongodb://`)
  }
}

interface SqliteTransactionAdapter {
  client: { execute: (sql: string) => Promise<unknown> }
  drizzle: unknown
  sessions: Record<string, { db: unknown; resolve: () => Promise<void>; reject: () => Promise<void> }>
  beginTransaction: () => Promise<string>
}

/**
 * Makes multi-row writes atomic on SQLite. Payload's SQLite adapter runs without transactions by
 * default, so a crash between a document's row and its version row leaves a torn document (the
 * crash test found one). Its own transaction support cannot be switched on as is: libsql gives every
 * transaction a new connection without the busy timeout, and its synchronous driver would block
 * the process on a second concurrent write transaction. So here a write operation's transaction is
 * a `BEGIN IMMEDIATE … COMMIT` on the adapter's one connection, one at a time in this process
 * (SQLite allows one writer anyway); the next waits up to `waitMs`, then fails as SQLITE_BUSY
 * (503). Reads do not wait. Other processes on the same file wait on SQLite's lock as before.
 */
function withSqliteTransactions(adapterObj: DatabaseAdapterObj, waitMs: number): DatabaseAdapterObj {
  return {
    ...adapterObj,
    init: (args) => {
      const adapter = adapterObj.init(args) as unknown as SqliteTransactionAdapter &
        ReturnType<DatabaseAdapterObj['init']>
      let queue: Promise<void> = Promise.resolve()
      adapter.beginTransaction = async () => {
        let release: () => void = () => undefined
        const turn = new Promise<void>((resolve) => (release = resolve))
        const previous = queue
        queue = previous.then(() => turn)
        let timer: NodeJS.Timeout | undefined
        const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), waitMs)))
        const waited = await Promise.race([previous.then(() => 'ready' as const), timedOut])
        clearTimeout(timer)
        if (waited === 'timeout') {
          void previous.then(release) // give up our turn without blocking those behind us
          throw Object.assign(new Error(`SQLITE_BUSY: waited ${waitMs} ms for another write transaction`), {
            code: 'SQLITE_BUSY',
          })
        }
        try {
          await adapter.client.execute('BEGIN IMMEDIATE')
        } catch (error) {
          release()
          throw error
        }
        let ended = false
        const end = async (commit: boolean) => {
          if (ended) return
          ended = true
          try {
            await adapter.client.execute(commit ? 'COMMIT' : 'ROLLBACK')
          } catch (error) {
            if (commit) await adapter.client.execute('ROLLBACK').catch(() => undefined)
            throw error
          } finally {
            release()
          }
        }
        const id = randomUUID()
        adapter.sessions[id] = { db: adapter.drizzle, resolve: () => end(true), reject: () => end(false) }
        return id
      }
      return adapter
    },
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
 * Gives PostgreSQL's planner statistics for what a bulk write just loaded (`ANALYZE`), and says
 * whether it ran. A restore, or generated content, fills tables faster than autovacuum notices
 * (about a minute): until then the planner takes each table for nearly empty and picks nested
 * loops over whole tables. Measured on 1,000 generated posts, a category's list read took 22 ms
 * before and 0.06 ms after. SQLite's planner uses no statistics unless ANALYZE has run once, and
 * the plans the query-plan test holds are those it picks without them, so SQLite is left alone;
 * MongoDB has no such step.
 */
export async function refreshPlannerStatistics(payload: Payload, onStart?: () => void): Promise<boolean> {
  const pool = (payload.db as unknown as { pool?: { query: (sql: string) => Promise<unknown> } }).pool
  if (payload.db.name !== 'postgres' || !pool) return false
  // It reads every table: minutes on a large database, so a command says so before it starts.
  onStart?.()
  await pool.query('ANALYZE')
  return true
}

/**
 * Keeps a database outage from crashing the process: node-postgres emits 'error' on the pool when
 * an idle connection dies (server restart, failover), and an unhandled 'error' event is fatal.
 * Requests then fail with 503 and /ready reports it until the database is back.
 * On SQLite, see replaceLockedSqliteConnection.
 */
export function guardDatabaseErrors(payload: Payload): void {
  const pool = (payload.db as unknown as { pool?: { on: (event: 'error', listener: (error: Error) => void) => void } })
    .pool
  pool?.on('error', (error) =>
    payload.logger.warn({ err: error }, 'database connection lost; it will be replaced on next use'),
  )
  if (payload.db.name === 'sqlite') replaceLockedSqliteConnection(payload)
}

type LibsqlMethod = 'execute' | 'batch' | 'executeMultiple'
type LibsqlClient = Record<LibsqlMethod, (...args: unknown[]) => Promise<unknown>> & { close: () => void }
interface SqliteAdapterInternals {
  client?: LibsqlClient
  connect: (options: { hotReload: boolean }) => Promise<void>
}

const isLocked = (error: unknown) => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED' ||
    (typeof message === 'string' && /database is locked/.test(message))
  )
}

/**
 * When a write gives up on SQLITE_BUSY (another process held the lock past the busy timeout), the
 * libsql driver leaves the failed statement un-reset on its one connection, which keeps an implicit
 * transaction open: every later write on that connection is answered as saved but never committed,
 * and is lost when the process ends. So on such an error the adapter reconnects at once (same file,
 * same pragmas) and the stale connection is closed, discarding only the statement that failed.
 * Calls that still reach the old client are forwarded to the new one.
 */
function replaceLockedSqliteConnection(payload: Payload): void {
  const adapter = payload.db as unknown as SqliteAdapterInternals
  const watch = (client: LibsqlClient) => {
    for (const method of ['execute', 'batch', 'executeMultiple'] as const) {
      const original = client[method].bind(client)
      client[method] = async (...args: unknown[]) => {
        const current = adapter.client
        if (current && current !== client) return current[method](...args)
        try {
          return await original(...args)
        } catch (error) {
          if (adapter.client === client && isLocked(error)) replace(client)
          throw error
        }
      }
    }
  }
  const replace = (stale: LibsqlClient) => {
    payload.logger.warn('SQLite write lock timed out: reopening the database connection so later writes are committed')
    adapter.client = undefined
    // connect() creates the new client synchronously, before its first await.
    const reconnected = adapter.connect({ hotReload: true })
    if (adapter.client) watch(adapter.client)
    void reconnected
      .then(() => stale.close())
      .catch((error: unknown) => payload.logger.error({ err: error }, 'reopening the SQLite connection failed'))
  }
  if (adapter.client) watch(adapter.client)
}

interface PgPoolOptions {
  options: Record<string, unknown>
  _clients?: { connectionParameters?: { query_timeout?: number } }[]
}

/**
 * Bounds every PostgreSQL query to `timeoutMs`, on the client (a connection that stopped answering
 * fails the request instead of hanging it) and on the server (`statement_timeout`, so abandoned
 * work stops too). Called after migrations, which may legitimately run longer. New connections get
 * both; connections already open get the client-side bound.
 */
export function boundQueryTime(payload: Payload, timeoutMs: number): void {
  const pool = (payload.db as unknown as { pool?: PgPoolOptions }).pool
  if (!pool || timeoutMs <= 0) return
  pool.options.query_timeout = timeoutMs
  pool.options.statement_timeout = timeoutMs
  for (const client of pool._clients ?? []) {
    if (client.connectionParameters) client.connectionParameters.query_timeout = timeoutMs
  }
}

/** Error codes of the drivers that mean "the database cannot be reached or cannot serve now". */
const UNAVAILABLE_CODES = new Set([
  // Network (node-postgres, MongoDB driver)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: shutting down, starting up, too many connections, statement timeout
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
  // SQLite (libsql): locked by another writer beyond the busy timeout, file gone or unreadable, client closed
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'CLIENT_CLOSED',
])
/**
 * Messages node-postgres and Payload use for the same conditions where there is no code (Payload
 * rethrows "cannot begin transaction: connect ECONNREFUSED …" as a plain Error).
 */
const UNAVAILABLE_MESSAGES =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|SQLITE_BUSY)\b|database is locked|timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection error and is not queryable|cannot connect to (Postgres|SQLite)|database system is (shutting down|starting up)/i
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
])

/**
 * True when an error (or any error in its `cause` chain: Drizzle and Payload wrap driver errors)
 * means the database is unreachable, overloaded or locked, i.e. a retry later may succeed. Such
 * errors are answered 503 DATABASE_UNAVAILABLE instead of 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>()
  let current: unknown = error
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown }
    if (
      typeof code === 'string' &&
      (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || code.startsWith('SQLITE_IOERR'))
    )
      return true
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
