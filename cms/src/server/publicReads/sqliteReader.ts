/**
 * A second, query-only connection to the SQLite file, for the compiled ID statements (idQuery.ts).
 *
 * Through Payload's client (@libsql/client) every statement is prepared again on every call, its
 * columns read twice and each row rebuilt as an object with a property definition per value: for
 * a one-row `SELECT id … WHERE slug = ?` that is most of the cost. Here each statement is prepared
 * once (kept with its shape) and returns raw rows. With WAL (database.ts) readers never wait for the
 * writer and see committed data only; a read that fails here is run through Payload's client instead.
 */
import fs from 'node:fs'
import Database from 'libsql'

export interface SqliteReader {
  /** Prepares `sql` once; the statement then returns rows as arrays of column values. */
  prepare: (sql: string) => SqliteStatement
  close: () => void
}

export interface SqliteStatement {
  all: (params: readonly unknown[]) => unknown[][]
}

/** Opens the reader for a `file:` URL naming an existing file; null for anything else (`:memory:`, remote) or when it cannot be opened. */
export function openSqliteReader(url: string | undefined): SqliteReader | null {
  if (!url?.startsWith('file:')) return null
  const file = url.slice('file:'.length)
  if (file === '' || file.startsWith(':') || file.includes('?') || !fs.existsSync(file)) return null
  let db: InstanceType<typeof Database>
  try {
    db = new Database(file)
    // Reads only, whatever a caller sends; a busy file fails at once (the caller falls back) rather than
    // blocking the event loop, as a synchronous driver would while it waits.
    db.exec('PRAGMA query_only = 1')
    db.exec('PRAGMA busy_timeout = 0')
  } catch {
    return null // every statement then goes through Payload's client
  }
  return {
    prepare(sql) {
      const statement = db.prepare(sql).raw(true)
      return { all: (params) => statement.all(params.map(toSqlite)) as unknown[][] }
    },
    close: () => db.close(),
  }
}

/** As @libsql/client binds a value: booleans as 0 and 1. */
function toSqlite(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}
