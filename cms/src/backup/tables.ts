/**
 * The database as the backup sees it: Payload's own Drizzle tables (documents, their versions and
 * drafts, array/block/relationship sub-tables, globals, accounts, audit log, Payload's internal
 * collections), read and written row for row. Working at this level keeps every ID exactly (documents,
 * versions, array rows, relationship rows) and runs no hooks, so a restore fires no purge, audit entry
 * or slug change. Both SQL adapters build the same tables with the same column keys from the config;
 * values are brought to one portable form (ISO timestamps, numbers, parsed JSON) so an archive taken on
 * SQLite restores on PostgreSQL and back.
 */
import { createHash } from 'node:crypto'
import { createClient } from '@libsql/client'
import { asc, getTableColumns, getTableName, gt, sql, type Column, type Table } from 'drizzle-orm'
import { drizzle as libsqlDrizzle } from 'drizzle-orm/libsql'
import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core'
import type { Payload } from 'payload'

import { BackupError } from './backupError'

/** Drizzle's query builder on either dialect, as far as the backup uses it. */
export type Db = any
export type Row = Record<string, unknown>

export const MIGRATIONS_TABLE = 'payload_migrations'

export interface TableInfo {
  name: string
  table: Table
  /** Column key → column (keys are the same on both dialects). */
  columns: Record<string, Column>
  hasId: boolean
  /** Column keys that reference another table, and the table they reference. */
  references: { key: string; table: string; notNull: boolean }[]
}

export interface TableGroup {
  kind: 'collection' | 'global' | 'other'
  slug: string
  /** Main table (documents) and versions table, when the group has them. */
  main?: string
  versions?: string
  tables: string[]
  sensitive: boolean
}

type SqlAdapter = {
  name: string
  tables: Record<string, Table>
  drizzle: Db
  schema: Record<string, unknown>
  clientConfig?: { url: string }
  sessions: Record<string, { db: Db }>
  beginTransaction: (options?: unknown) => Promise<string | number | null>
  commitTransaction: (id: string | number) => Promise<void>
  rollbackTransaction: (id: string | number) => Promise<void>
}

export type SqlKind = 'sqlite' | 'postgres'

/** The adapter when it is one the backup reads at table level; MongoDB is refused with the plan in the README. */
export function sqlAdapter(payload: Payload): { adapter: SqlAdapter; kind: SqlKind } {
  const name = payload.db.name
  if (name !== 'sqlite' && name !== 'postgres') {
    throw new BackupError(
      'UNSUPPORTED_DATABASE',
      `backup and restore run on SQLite and PostgreSQL; this database is ${name} (see README "Backup and restore", MongoDB)`,
    )
  }
  return { adapter: payload.db as unknown as SqlAdapter, kind: name }
}

export function describeTables(payload: Payload): TableInfo[] {
  const { adapter, kind } = sqlAdapter(payload)
  const infos: TableInfo[] = []
  for (const table of Object.values(adapter.tables)) {
    const columns = getTableColumns(table) as Record<string, Column>
    const keyOfColumn = new Map(Object.entries(columns).map(([key, column]) => [column.name, key]))
    const config = kind === 'postgres' ? pgTableConfig(table as never) : sqliteTableConfig(table as never)
    const references: TableInfo['references'] = []
    for (const fk of config.foreignKeys) {
      const ref = fk.reference()
      const column = ref.columns[0]
      const key = column ? keyOfColumn.get(column.name) : undefined
      if (key) references.push({ key, table: getTableName(ref.foreignTable), notNull: columns[key]!.notNull })
    }
    infos.push({ name: getTableName(table), table, columns, hasId: 'id' in columns, references })
  }
  return infos.sort((a, b) => a.name.localeCompare(b.name))
}

/** Payload's table name for a slug (its to-snake-case: `auditLogs` → `audit_logs`, `payload-kv` → `payload_kv`). */
export const tableNameOf = (slug: string) =>
  slug
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase()

/** Assigns every table to the collection or global it belongs to (longest matching table-name root). */
export function groupTables(payload: Payload, tables: TableInfo[]): TableGroup[] {
  const groups = [
    ...payload.config.collections.map((collection) => ({
      kind: 'collection' as const,
      slug: collection.slug,
      root: tableNameOf(collection.slug),
      sensitive: Boolean(collection.auth),
    })),
    ...payload.config.globals.map((global) => ({
      kind: 'global' as const,
      slug: global.slug,
      root: tableNameOf(global.slug),
      sensitive: false,
    })),
  ].map((group) => ({ ...group, tables: [] as string[] }))
  const other = { tables: [] as string[] }
  const owns = (root: string, name: string) =>
    name === root || name.startsWith(`${root}_`) || name === `_${root}_v` || name.startsWith(`_${root}_v_`)
  for (const { name } of tables) {
    if (name === MIGRATIONS_TABLE) continue
    let best: (typeof groups)[number] | undefined
    for (const group of groups) {
      if (owns(group.root, name) && (!best || group.root.length > best.root.length)) best = group
    }
    ;(best ?? other).tables.push(name)
  }
  const names = new Set(tables.map((t) => t.name))
  const result: TableGroup[] = groups.map(({ root, ...group }) => ({
    ...group,
    main: names.has(root) ? root : undefined,
    versions: names.has(`_${root}_v`) ? `_${root}_v` : undefined,
  }))
  if (other.tables.length > 0) result.push({ kind: 'other', slug: '_other', tables: other.tables, sensitive: false })
  return result
}

/** Sorted `table.column` keys: equal fingerprints mean the same tables and columns on any SQL adapter. */
export function schemaOf(tables: TableInfo[]): { fingerprint: string; tables: Record<string, string[]> } {
  const shape: Record<string, string[]> = {}
  for (const info of tables) shape[info.name] = Object.keys(info.columns).sort()
  const fingerprint = createHash('sha256').update(JSON.stringify(shape)).digest('hex')
  return { fingerprint, tables: shape }
}

/** PostgreSQL answers timestamps as `2026-11-25 12:33:14.123+00`; the portable form is ISO 8601 in UTC. */
function isoTimestamp(value: string): string {
  const date = new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'))
  return Number.isNaN(date.getTime()) ? value : date.toISOString()
}

/** One value in the archive's portable form. */
export function portableValue(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'bigint') return Number(value)
  const type = column.columnType
  if (typeof value === 'string') {
    if (type.startsWith('PgTimestamp') || type === 'PgDateString' || type === 'PgDate') return isoTimestamp(value)
    if (type.includes('Numeric')) {
      const number = Number(value)
      return Number.isFinite(number) ? number : value
    }
  }
  return value
}

export function portableRow(info: TableInfo, row: Row): Row {
  const out: Row = {}
  for (const [key, column] of Object.entries(info.columns)) out[key] = portableValue(column, row[key])
  return out
}

/** JSON with object keys sorted at every level: equal content gives equal text whatever the database's key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    return `{${Object.keys(object)
      .sort()
      .filter((key) => object[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

const PAGE_ROWS = 1000

/** Reads a table in pages (by id when it has one), in the portable form. */
export async function* readTable(db: Db, info: TableInfo): AsyncGenerator<Row[]> {
  const table = info.table as any
  if (!info.hasId) {
    const rows: Row[] = await db.select().from(table)
    yield rows.map((row) => portableRow(info, row))
    return
  }
  let last: unknown = undefined
  for (;;) {
    const query = db.select().from(table)
    const rows: Row[] = await (last === undefined ? query : query.where(gt(table.id, last)))
      .orderBy(asc(table.id))
      .limit(PAGE_ROWS)
    if (rows.length === 0) return
    yield rows.map((row) => portableRow(info, row))
    if (rows.length < PAGE_ROWS) return
    last = rows[rows.length - 1]!.id
  }
}

export async function countRows(db: Db, info: TableInfo): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(info.table as any)
  return Number(row?.n ?? 0)
}

/** Names of the migrations recorded as applied (not Drizzle's dev-push marker, batch -1). */
export async function appliedMigrations(db: Db, tables: TableInfo[]): Promise<string[]> {
  const info = tables.find((t) => t.name === MIGRATIONS_TABLE)
  if (!info) return []
  const rows: Row[] = await db.select().from(info.table as any)
  return rows
    .filter((row) => Number(row.batch) !== -1 && typeof row.name === 'string')
    .map((row) => row.name as string)
    .sort()
}

/** A migration's feature name without its timestamp: the same on both adapters (`20261125_123310_initial` → `initial`). */
export const migrationFeature = (name: string) => name.replace(/^\d{8}_\d{6}_/, '')

/**
 * Runs `read` on one consistent snapshot while the CMS keeps serving writes. PostgreSQL: a read-only
 * REPEATABLE READ transaction. SQLite: a read transaction on a second connection to the same file
 * (WAL mode: writers go on, the reader keeps seeing the moment its transaction began).
 */
export async function withSnapshot<T>(payload: Payload, read: (db: Db) => Promise<T>): Promise<T> {
  const { adapter, kind } = sqlAdapter(payload)
  if (kind === 'postgres') {
    let result: T | undefined
    await adapter.drizzle.transaction(
      async (tx: Db) => {
        result = await read(tx)
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    return result as T
  }
  if (!adapter.clientConfig || adapter.clientConfig.url.includes(':memory:')) {
    throw new BackupError(
      'UNSUPPORTED_DATABASE',
      'an in-memory SQLite database cannot be backed up from another connection',
    )
  }
  const client = createClient({ url: adapter.clientConfig.url })
  try {
    await client.execute('PRAGMA busy_timeout = 5000')
    await client.execute('BEGIN')
    // The snapshot starts at the first read inside the transaction.
    await client.execute('SELECT count(*) FROM sqlite_master')
    return await read(libsqlDrizzle(client, { schema: adapter.schema as never }))
  } finally {
    await client.execute('ROLLBACK').catch(() => undefined)
    client.close()
  }
}

/** Runs `write` in one write transaction of the adapter (all or nothing). */
export async function withWriteTransaction<T>(payload: Payload, write: (db: Db) => Promise<T>): Promise<T> {
  const { adapter } = sqlAdapter(payload)
  const id = await adapter.beginTransaction()
  if (id === null || id === undefined) throw new Error('the database adapter did not open a transaction')
  try {
    const result = await write(adapter.sessions[id]!.db)
    await adapter.commitTransaction(id)
    return result
  } catch (error) {
    await adapter.rollbackTransaction(id).catch(() => undefined)
    throw error
  }
}
