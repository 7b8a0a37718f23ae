/**
 * The page's IDs and Payload's pagination envelope for an anonymous, non-draft list read, from two
 * SQL statements compiled here instead of Payload's findOperation (access, validation, drizzle's
 * query building, the count): that path costs more than the rest of a fast read together.
 *
 * It answers only shapes whose meaning in Payload 3.90 (payload's findOperation and the drizzle
 * adapter's find/findMany/parseParams/sanitizeQueryValue/buildOrderBy) is copied below exactly, and
 * null for anything else, so the caller runs Payload's own find:
 *
 * - where: and/or of leaves on top-level, non-localised, readable scalar columns of the collection's
 *   table (text, textarea, email, select, number, date, checkbox, single relationship/upload, id)
 *   with equals, not_equals, in, not_in, exists and the comparisons, string values as the REST query
 *   string brings them; plus at most one `<hasMany relationship>.<field> equals|in` leaf, `id IN` the
 *   parents of matching rows of the `_rels` table joined to the related table. Payload resolves that leaf with one left join
 *   shared by the whole where; with a single such leaf under and/or (monotone) the two agree. Its
 *   answer then differs in one way: a page with no rows gets the "no results" envelope (page 1,
 *   totals 0), as Payload's DISTINCT branch returns it.
 * - the anonymous read rule is Payload's own (the collection's `access.read` for a request without a
 *   user, once per collection) and compiled by the same rules; trash-enabled collections exclude
 *   `deletedAt` set, as Payload's appendNonTrashedFilter; a relationship hop also carries the related
 *   collection's anonymous read rule, as Payload's validateSearchParam adds it (scoped to the same
 *   related row).
 * - sort: the request's keys or the collection's default, each a readable scalar column, with
 *   Payload's fallback `-createdAt` appended when neither `createdAt` nor `-createdAt` is present.
 *
 * Every value is checked before use; a value Payload would coerce in a way not copied here (a
 * number that is not a plain decimal, an invalid date, a checkbox other than true/false) declines.
 * The collection's `beforeOperation` hooks run here as Payload's find runs them (operation `read`);
 * when one returns arguments that differ from what it was given (a hook that rewrites reads), the
 * read is declined and Payload's find answers with the hook applied. Collections with
 * `afterOperation` hooks (which may rewrite the envelope) are declined.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  fillPlaceholders,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import { LRUCache } from 'lru-cache'
import type { FlattenedField, Payload, PayloadRequest, Where } from 'payload'

import { tableNameOf } from '../../backup/tables'
import { openSqliteReader, type SqliteStatement } from './sqliteReader'

/** The list read's arguments, as Payload's parseParams leaves them. */
export interface IdQueryArgs {
  slug: string
  req: PayloadRequest
  where: unknown
  sort: unknown
  limit: unknown
  page: unknown
  /** `false` for an unpaginated read (no count); anything else is Payload's default. */
  pagination?: unknown
}

/** Payload's find result without its documents: the same keys in the same order, `docs` empty. */
export interface ListEnvelope {
  docs: unknown[]
  hasNextPage: boolean
  hasPrevPage: boolean
  limit: number
  nextPage: number | null
  page: number
  pagingCounter: number
  prevPage: number | null
  totalDocs: number
  totalPages: number
}

export interface IdPage {
  ids: number[]
  totalDocs: number
  envelope: ListEnvelope
}

export interface IdQuery {
  /** The page's IDs and envelope, or null when the shape is not one compiled here. */
  find: (args: IdQueryArgs) => Promise<IdPage | null>
  /** Drops every ordered ID list (content changed here or in another process). */
  invalidate: () => void
  /** Paginated reads answered from a held ordered ID list, lists read whole, statements run on the SQLite reader. */
  counters: Readonly<IdQueryCounters>
  /** Closes the SQLite reader, if any. */
  close: () => void
}

export interface IdQueryCounters {
  listed: number
  listFills: number
  readerRuns: number
}

export interface IdQueryOptions {
  /** Memory for ordered ID lists (8 bytes an ID); 0 keeps none and every page is counted and read alone. */
  listBytes?: number
  /** A change within this many ms before a list's read began may not be in it: such a list is not kept. */
  settleMs?: number
  /** SQLite: run the statements on a query-only side connection that keeps them prepared (sqliteReader.ts; default on). */
  sqliteReader?: boolean
}

/** Thrown inside the compiler for a shape it does not handle; `find` answers null. */
class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported()
}

// Drizzle tables are objects keyed by field name; typed loosely here as Payload's adapter does.
type Column = Parameters<typeof eq>[0]
type Table = Record<string, Column> & object

interface DrizzleLike {
  select: (fields: Record<string, unknown>) => {
    from: (table: object) => {
      where: (where: SQL | undefined) => Query
      innerJoin: (table: object, on: SQL) => { where: (where: SQL | undefined) => Query }
    }
  }
}
interface Query extends PromiseLike<Record<string, unknown>[]> {
  orderBy: (...columns: SQL[]) => Query
  limit: (limit: number | Placeholder) => Query
  offset: (offset: number | Placeholder) => Query
  prepare: (name?: string) => Prepared
  toSQL: () => { sql: string; params: unknown[] }
}
type Placeholder = ReturnType<typeof sql.placeholder>
/** Every ID a filter matches, in order, and whether its statement joins (see envelopeOf). */
interface OrderedList {
  ids: Float64Array
  joined: boolean
}
/** A compiled statement: drizzle's prepared query, and what the SQLite reader needs to run it. */
interface Statement {
  prepared: Prepared
  query: { sql: string; params: unknown[] } | undefined
  native?: SqliteStatement
  /** The reader could not prepare it: always through drizzle. */
  unreadable?: boolean
}
/** Drizzle's prepared query: `execute` on PostgreSQL, `all` on SQLite, with the placeholders' values. */
interface Prepared {
  execute?: (values: Record<string, unknown>) => Promise<Record<string, unknown>[]>
  all?: (values: Record<string, unknown>) => Promise<Record<string, unknown>[]>
}

interface DrizzleAdapter {
  name: string
  idType?: string
  drizzle: DrizzleLike
  tables: Record<string, Table>
  tableNameMap: Map<string, string>
  relationshipsSuffix?: string
  /** @payloadcms/db-sqlite: the libsql client's options. */
  clientConfig?: { url?: string }
}

const SCALAR = new Set(['text', 'textarea', 'email', 'select', 'number', 'date', 'checkbox'])
const SORTABLE = new Set(['text', 'textarea', 'email', 'select', 'number', 'date', 'checkbox'])
const COMPARISONS = { greater_than: gt, greater_than_equal: gte, less_than: lt, less_than_equal: lte } as const
const DECIMAL = /^-?\d{1,15}(\.\d{1,15})?$/
/** Statement shapes kept rendered (a process meets the site's handful; anything past this is rendered per request). */
const MAX_SHAPES = 500
/** Of those, how many PostgreSQL keeps parsed per connection under a name (the rest are sent unnamed). */
const MAX_NAMED = 100
/** A filter matching more documents than this is counted and paged by the database every time. */
const MAX_LIST = 250_000
/**
 * Memory for the keys of filters seen once (a list is read whole on the second read of a filter) and
 * of filters too big to list, remembered per change. Bounded in bytes, not entries: a key holds the
 * where with its values, up to the length of a URL, and anyone can send distinct ones.
 */
const SEEN_BYTES = 4 * 1024 * 1024
const INTEGER_ID = /^\d{1,15}$/

/** What a where path resolves to on one table. */
interface Target {
  column: Column
  /** `id` behaves as a number field in Payload's query builder. */
  type: string
  /** A single relationship/upload column (IDs are numbers). */
  relation: boolean
}

interface CollectionInfo {
  slug: string
  table: Table
  fields: Map<string, FlattenedField>
  trash: boolean
  hasCreatedAt: boolean
  defaultSort: string | undefined
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function createIdQuery(payload: Payload, options: IdQueryOptions = {}): IdQuery | null {
  const adapter = payload.db as unknown as DrizzleAdapter
  if ((adapter.name !== 'sqlite' && adapter.name !== 'postgres') || !adapter.drizzle || !adapter.tables) return null
  if (adapter.idType === 'uuid' || payload.config.localization) return null
  const db = adapter.drizzle
  const relsSuffix = adapter.relationshipsSuffix ?? '_rels'

  const infos = new Map<string, CollectionInfo | null>()
  /** A collection's table and fields, or null when it is not a plain one (custom IDs, operation hooks). */
  function infoOf(slug: string): CollectionInfo | null {
    if (infos.has(slug)) return infos.get(slug)!
    let info: CollectionInfo | null = null
    const collection = payload.collections[slug as keyof typeof payload.collections]
    const tableName = adapter.tableNameMap.get(tableNameOf(slug))
    const table = tableName ? adapter.tables[tableName] : undefined
    if (collection && table && !collection.customIDType && !collection.config.hooks?.afterOperation?.length) {
      const config = collection.config
      const defaultSort = typeof config.defaultSort === 'string' ? config.defaultSort : undefined
      info = {
        slug,
        table,
        fields: new Map(config.flattenedFields.map((field) => [field.name, field])),
        trash: Boolean(config.trash),
        hasCreatedAt: 'createdAt' in table,
        defaultSort,
      }
    }
    infos.set(slug, info)
    return info
  }

  /** A field anyone may query and sort by, as Payload's validateQueryPaths/validateSortQuery allow it. */
  function readable(field: FlattenedField | undefined): field is FlattenedField {
    if (!field) return false
    const f = field as FlattenedField & { hidden?: boolean; virtual?: unknown; localized?: boolean; hasMany?: boolean }
    return !f.hidden && !f.virtual && !f.localized && !f.hasMany && !f.access?.read
  }

  function targetOf(info: CollectionInfo, path: string): Target {
    if (path === 'id') return { column: info.table.id ?? unsupported(), type: 'number', relation: false }
    const field = info.fields.get(path)
    if (!readable(field)) return unsupported()
    const column = info.table[field.name] ?? unsupported()
    if (SCALAR.has(field.type)) return { column, type: field.type, relation: false }
    if ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string') {
      const related = payload.collections[field.relationTo as keyof typeof payload.collections]
      if (!related || related.customIDType) return unsupported()
      return { column, type: field.type, relation: true }
    }
    return unsupported()
  }

  /** One value as Payload's sanitizeQueryValue turns a query-string value into the bound parameter. */
  function valueOf(target: Target, raw: unknown): unknown {
    if (typeof raw !== 'string') return unsupported()
    if (target.relation) return INTEGER_ID.test(raw) ? Number(raw) : unsupported()
    switch (target.type) {
      case 'number':
        return DECIMAL.test(raw) ? Number(raw) : unsupported()
      case 'date': {
        const date = new Date(raw)
        return raw === '' || raw === 'null' || Number.isNaN(date.getTime()) ? unsupported() : date.toISOString()
      }
      case 'checkbox': {
        const lower = raw.toLowerCase()
        return lower === 'true' ? true : lower === 'false' ? false : unsupported()
      }
      default:
        return raw
    }
  }

  /**
   * A value as a named placeholder with the column's encoder (as drizzle binds a plain value), its
   * value kept in `values`: the statement's text then depends on the where's shape alone, so it is
   * rendered once per shape (see `find`).
   */
  function bound(target: Target, value: unknown, values: unknown[]): SQL {
    const name = `p${values.length}`
    values.push(value)
    return sql.param(sql.placeholder(name), target.column as never) as unknown as SQL
  }

  function listOf(target: Target, raw: unknown, values: unknown[]): SQL[] {
    if (!Array.isArray(raw) || raw.length === 0 || target.type === 'checkbox') return unsupported()
    return raw.map((item) => bound(target, valueOf(target, item), values))
  }

  /** One operator on one column, as the drizzle adapter's parseParams builds it. */
  function leaf(target: Target, operator: string, raw: unknown, values: unknown[]): SQL {
    const { column } = target
    switch (operator) {
      case 'equals':
        return eq(column, bound(target, valueOf(target, raw), values))
      case 'not_equals':
        return or(isNull(column), ne(column, bound(target, valueOf(target, raw), values)))!
      case 'in':
        return inArray(column, listOf(target, raw, values))
      case 'not_in': {
        const excluded = notInArray(column, listOf(target, raw, values))
        return target.relation ? or(excluded, isNull(column))! : excluded
      }
      case 'exists':
        if (typeof raw !== 'string' && typeof raw !== 'boolean') return unsupported()
        return raw === 'true' || raw === true ? isNotNull(column) : isNull(column)
      case 'greater_than':
      case 'greater_than_equal':
      case 'less_than':
      case 'less_than_equal':
        if (target.relation || target.type === 'checkbox') return unsupported()
        return COMPARISONS[operator](column, bound(target, valueOf(target, raw), values))
      default:
        return unsupported()
    }
  }

  interface Compilation {
    /** The relationship hop already used (at most one per where). */
    joined: boolean
    relatedAccess: Map<string, Where | true>
    /** The statement's placeholder values, in the order `bound` named them. */
    values: unknown[]
  }

  /** A where on one table: and/or of leaves, as parseParams combines them (undefined: no condition). */
  function compileWhere(info: CollectionInfo, where: unknown, state: Compilation, allowHop: boolean): SQL | undefined {
    if (!isObject(where)) return unsupported()
    const keys = Object.keys(where)
    if (keys.length === 0) return undefined
    if (keys.includes('and') || keys.includes('or')) {
      const key = keys[0]!
      const list = where[key]
      if (keys.length !== 1 || !Array.isArray(list)) return unsupported()
      const parts = list
        .map((item) => compileWhere(info, item, state, allowHop))
        .filter((part): part is SQL => part !== undefined)
      if (parts.length === 0) return undefined
      return key === 'and' ? and(...parts) : or(...parts)
    }
    const constraints: SQL[] = []
    for (const path of keys) {
      const operators = where[path]
      if (!isObject(operators) || path.includes('__')) return unsupported()
      const dot = path.indexOf('.')
      if (dot !== -1) {
        if (!allowHop) return unsupported()
        constraints.push(hop(info, path.slice(0, dot), path.slice(dot + 1), operators, state))
        continue
      }
      const target = targetOf(info, path)
      for (const [operator, raw] of Object.entries(operators))
        constraints.push(leaf(target, operator, raw, state.values))
    }
    if (constraints.length === 0) return undefined
    return constraints.length === 1 ? constraints[0] : and(...constraints)
  }

  /** `<hasMany relationship>.<field> equals|in`: the listed row is a parent of a matching row of the join table. */
  function hop(
    info: CollectionInfo,
    name: string,
    relatedPath: string,
    operators: Record<string, unknown>,
    state: Compilation,
  ): SQL {
    const field = info.fields.get(name) as (FlattenedField & { hasMany?: boolean }) | undefined
    const entries = Object.entries(operators)
    if (state.joined || entries.length !== 1) return unsupported()
    const [operator, raw] = entries[0]!
    if (operator !== 'equals' && operator !== 'in') return unsupported()
    if (!field || field.type !== 'relationship' || !field.hasMany || typeof field.relationTo !== 'string')
      return unsupported()
    const f = field as FlattenedField & { hidden?: boolean; virtual?: unknown; localized?: boolean }
    if (f.hidden || f.virtual || f.localized || f.access?.read || field.relationTo === info.slug) return unsupported()
    if (relatedPath.includes('.') || relatedPath === 'id') return unsupported()
    const related = infoOf(field.relationTo)
    const rels = adapter.tables[`${adapter.tableNameMap.get(tableNameOf(info.slug))}${relsSuffix}`]
    const access = state.relatedAccess.get(field.relationTo)
    if (!related || !rels || access === undefined) return unsupported()
    const target = targetOf(related, relatedPath)
    if (target.relation) return unsupported()
    state.joined = true
    const relatedId = rels[`${field.relationTo}ID`] ?? unsupported()
    const conditions = [eq(rels.path ?? unsupported(), name), leaf(target, operator, raw, state.values)]
    if (access !== true) {
      const rule = compileWhere(
        related,
        access,
        { joined: true, relatedAccess: new Map(), values: state.values },
        false,
      )
      if (rule) conditions.push(rule)
    }
    // `id IN (parents of matching rows)`, the same rows as an EXISTS per row (parent_id is NOT NULL),
    // but evaluated once: SQLite plans a correlated EXISTS from the related side, probing every row
    // of the join table for each listed row.
    return inArray(
      info.table.id ?? unsupported(),
      db
        .select({ parent: rels.parent ?? unsupported() })
        .from(rels)
        .innerJoin(related.table, eq(related.table.id ?? unsupported(), relatedId))
        .where(and(...conditions)) as unknown as SQL,
    )
  }

  function orderOf(info: CollectionInfo, sortArg: unknown): SQL[] {
    let sort: string[]
    if (sortArg === undefined || sortArg === null) sort = info.defaultSort ? [info.defaultSort] : []
    else if (Array.isArray(sortArg) && sortArg.every((item) => typeof item === 'string')) sort = [...sortArg]
    else return unsupported()
    if (sort.length === 0) sort = [info.hasCreatedAt ? '-createdAt' : '-id']
    const fallback = info.hasCreatedAt ? '-createdAt' : '-id'
    if (!sort.includes(fallback) && !sort.includes(fallback.slice(1))) sort.push(fallback)
    return sort.map((item) => {
      const down = item.startsWith('-')
      const name = down ? item.slice(1) : item
      let column: Column
      if (name === 'id') column = info.table.id ?? unsupported()
      else {
        const field = info.fields.get(name)
        if (!readable(field) || !SORTABLE.has(field.type)) return unsupported()
        column = info.table[field.name] ?? unsupported()
      }
      return down ? desc(column) : asc(column)
    })
  }

  // The anonymous read rule per collection: Payload's own access function, asked once.
  const accessRules = new Map<string, Promise<Where | true | false>>()
  function accessOf(slug: string, req: PayloadRequest): Promise<Where | true | false> {
    let rule = accessRules.get(slug)
    if (!rule) {
      const read = payload.collections[slug as keyof typeof payload.collections]?.config.access?.read
      rule = (async () => {
        if (!read) return false
        const result = (await read({ req } as never)) as unknown
        if (result === true) return true
        return isObject(result) ? (result as Where) : false
      })()
      rule.catch(() => accessRules.delete(slug))
      accessRules.set(slug, rule)
    }
    return rule
  }

  /**
   * Runs the collection's beforeOperation hooks as findOperation does; true when every one left the
   * read's arguments as they were (returned nothing, or the same values).
   */
  async function hooksLeaveArgs(slug: string, req: PayloadRequest, given: Record<string, unknown>): Promise<boolean> {
    const collection = payload.collections[slug as keyof typeof payload.collections]
    const hooks = collection?.config.hooks?.beforeOperation ?? []
    if (hooks.length === 0) return true
    const before: Record<string, unknown> = { depth: 0, draft: false, ...given }
    const whereJson = JSON.stringify(given.where ?? null)
    const args: Record<string, unknown> = { collection, req, ...before }
    for (const hook of hooks) {
      const result = (await hook({
        args,
        collection: collection!.config,
        context: req.context,
        operation: 'read',
        req,
      } as never)) as Record<string, unknown> | undefined
      const after = result ?? args
      // Compared with the values first given, so a hook that edits the arguments in place counts too.
      for (const key of ['where', 'sort', 'limit', 'page', 'draft', 'depth', 'pagination'] as const)
        if (after[key] !== before[key]) return false
      if (JSON.stringify(after.where ?? null) !== whereJson) return false
    }
    return true
  }

  /** The related collections a where hops into, for their read rules. */
  function hopsOf(info: CollectionInfo, where: unknown, into: Set<string>): void {
    if (Array.isArray(where)) for (const item of where) hopsOf(info, item, into)
    if (!isObject(where)) return
    for (const [key, value] of Object.entries(where)) {
      if (key === 'and' || key === 'or') hopsOf(info, value, into)
      else if (key.includes('.')) {
        const field = info.fields.get(key.slice(0, key.indexOf('.')))
        if (field && field.type === 'relationship' && typeof field.relationTo === 'string') into.add(field.relationTo)
      }
    }
  }

  async function find(args: IdQueryArgs): Promise<IdPage | null> {
    const { slug, req, where, sort, limit: limitArg, page: pageArg, pagination } = args
    const info = infoOf(slug)
    if (!info || req.user) return null
    if (pagination !== undefined && typeof pagination !== 'boolean') return null
    const paginated = pagination !== false
    // As findOperation: limit defaults to 10 (0, no limit, when unpaginated), page to 1; no limit at
    // all (limit 0) is left to Payload.
    if (!paginated && limitArg === undefined) return null
    const limit = limitArg === undefined ? 10 : limitArg
    const page = pageArg || 1
    if (typeof limit !== 'number' || typeof page !== 'number' || !Number.isSafeInteger(limit) || limit < 1) return null
    if (!Number.isSafeInteger(page) || page < 1) return null
    const offset = (page - 1) * limit
    if (!Number.isSafeInteger(offset) || offset > 2 ** 31) return null

    const given = { where, sort, limit: limitArg, page: pageArg, ...(pagination === undefined ? {} : { pagination }) }
    if (!(await hooksLeaveArgs(slug, req, given))) return null
    const access = await accessOf(slug, req)
    if (access === false) return null
    const hopped = new Set<string>()
    hopsOf(info, where, hopped)
    const relatedAccess = new Map<string, Where | true>()
    for (const related of hopped) {
      const rule = await accessOf(related, req)
      if (rule === false) return null
      relatedAccess.set(related, rule)
    }

    // A filter whose ordered list is held: its page is a slice, nothing to compile or run.
    const listKey = JSON.stringify([slug, where ?? null, sort ?? null])
    const held = listBytes > 0 ? lists.get(listKey) : undefined
    if (held) return slice(held, { limit, page, offset, paginated })

    let condition: SQL | undefined
    let order: SQL[]
    const state: Compilation = { joined: false, relatedAccess, values: [] }
    try {
      const parts: (SQL | undefined)[] = [
        where === undefined ? undefined : compileWhere(info, where, state, true),
        access === true
          ? undefined
          : compileWhere(info, access, { joined: true, relatedAccess: new Map(), values: state.values }, false),
        info.trash ? isNull(info.table.deletedAt ?? unsupported()) : undefined,
      ]
      const defined = parts.filter((part): part is SQL => part !== undefined)
      condition = defined.length === 0 ? undefined : defined.length === 1 ? defined[0] : and(...defined)
      order = orderOf(info, sort)
    } catch (error) {
      if (error instanceof Unsupported) return null
      throw error
    }

    // The statements of this shape, rendered once: rendering is most of what building them costs.
    const key = JSON.stringify([slug, shapeOf(where), sort ?? null, paginated])
    let statements = shapes.get(key)
    if (statements) {
      shapes.delete(key)
      shapes.set(key, statements)
    } else {
      const table = info.table
      const name = named < MAX_NAMED ? `mspn_ids_${(named += 1)}` : undefined
      const rows = db
        .select({ id: table.id })
        .from(table)
        .where(condition)
        .orderBy(...order)
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'))
      // Unpaginated, findMany counts nothing: the totals are the page's own.
      const counted = paginated
        ? (db.select({ count: count() }).from(table).where(condition) as unknown as Query)
        : null
      statements = {
        rows: statementOf(rows, name && `${name}_rows`),
        count: counted ? statementOf(counted, name && `${name}_count`) : undefined,
        joined: state.joined,
      }
      shapes.set(key, statements)
      if (shapes.size > MAX_SHAPES) shapes.delete(shapes.keys().next().value!)
    }
    const values: Record<string, unknown> = { limit, offset }
    state.values.forEach((value, index) => (values[`p${index}`] = value))
    // Paginated or not, a page is a slice of the filter's ordered list (an unpaginated read's totals
    // are the slice's own, see envelopeOf): a document read by slug again under another URL costs no query.
    const list = listBytes > 0 ? await orderedIds(listKey, statements, values) : null
    if (list) return slice(list, { limit, page, offset, paginated })
    const [rows, counted] = await Promise.all([
      run(statements.rows, values),
      statements.count ? run(statements.count, values) : undefined,
    ])
    const ids = rows.map((row) => row[0] as number)
    const totalDocs = counted ? Number(counted[0]?.[0] ?? 0) : ids.length
    return {
      ids,
      totalDocs,
      envelope: envelopeOf({ ids, totalDocs, limit, page, joined: statements.joined, paginated }),
    }
  }

  /** A page of an ordered list. */
  function slice(
    list: OrderedList,
    { limit, page, offset, paginated }: { limit: number; page: number; offset: number; paginated: boolean },
  ): IdPage {
    counters.listed += 1
    const { ids: all, joined } = list
    const ids = Array.from(all.subarray(Math.min(offset, all.length), Math.min(offset + limit, all.length)))
    const totalDocs = paginated ? all.length : ids.length
    return { ids, totalDocs, envelope: envelopeOf({ ids, totalDocs, limit, page, joined, paginated }) }
  }

  /**
   * Ordered ID lists: every ID a filter (collection, where with its values, sort) matches,
   * in order, read once and kept until content changes. Any page of it, and its total, then cost
   * no query: a count and a deep OFFSET both read every matching row, so without a list a category's
   * page 100 costs ten times its page 10. A list is read on the second read of a filter since the
   * last change (a filter read once, as a crawler's odd query, costs a count and a page as before),
   * and only for filters that match at most MAX_LIST documents.
   */
  const listBytes = Math.max(0, options.listBytes ?? 0)
  const settleMs = options.settleMs ?? 0
  const lists = new LRUCache<string, OrderedList>({
    maxSize: Math.max(listBytes, 1),
    sizeCalculation: (list, key) => list.ids.byteLength + key.length * 2 + 64,
  })
  const keyBytes = { maxSize: SEEN_BYTES, sizeCalculation: (_: true, key: string) => key.length * 2 + 64 }
  const seen = new LRUCache<string, true>(keyBytes)
  const oversized = new LRUCache<string, true>(keyBytes)
  const reading = new Map<string, Promise<OrderedList | null>>()
  const counters: IdQueryCounters = { listed: 0, listFills: 0, readerRuns: 0 }
  let lastChange = 0

  function orderedIds(
    key: string,
    statements: { rows: Statement; joined: boolean },
    values: Record<string, unknown>,
  ): Promise<OrderedList | null> {
    const held = lists.get(key)
    if (held) return Promise.resolve(held)
    if (oversized.has(key) || !seen.get(key)) {
      seen.set(key, true)
      return Promise.resolve(null)
    }
    let pending = reading.get(key)
    if (!pending) {
      const started = Date.now()
      counters.listFills += 1
      pending = run(statements.rows, { ...values, limit: MAX_LIST + 1, offset: 0 })
        .then((found) => {
          // Too many to hold: this filter is counted and paged by the database until the next change.
          if (found.length > MAX_LIST) {
            oversized.set(key, true)
            return null
          }
          const list = { ids: Float64Array.from(found, (row) => row[0] as number), joined: statements.joined }
          if (lastChange < started - settleMs) lists.set(key, list)
          else seen.delete(key)
          return list
        })
        .finally(() => {
          if (reading.get(key) === pending) reading.delete(key)
        })
      reading.set(key, pending)
    }
    return pending
  }

  function invalidate(): void {
    lastChange = Date.now()
    lists.clear()
    seen.clear()
    oversized.clear()
    reading.clear()
  }

  /** Rendered statements by shape (least recently used first), and how many got a PostgreSQL name. */
  const shapes = new Map<string, { rows: Statement; count: Statement | undefined; joined: boolean }>()
  let named = 0
  const reader =
    adapter.name === 'sqlite' && options.sqliteReader !== false ? openSqliteReader(adapter.clientConfig?.url) : null

  /** A statement as drizzle prepares it and, on SQLite with a reader, its text and parameters for that. */
  function statementOf(query: Query, name: string | undefined): Statement {
    return { prepared: query.prepare(name), query: reader ? query.toSQL() : undefined }
  }

  /** The statement's rows (arrays of column values): on the reader when there is one, else through drizzle. */
  async function run(statement: Statement, values: Record<string, unknown>): Promise<unknown[][]> {
    if (reader && statement.query && !statement.unreadable) {
      try {
        statement.native ??= reader.prepare(statement.query.sql)
        const rows = statement.native.all(fillPlaceholders(statement.query.params as never, values))
        counters.readerRuns += 1
        return rows
      } catch {
        // Busy, or a statement the side connection cannot prepare: through Payload's client, as before.
        statement.unreadable = statement.native === undefined
      }
    }
    const { prepared } = statement
    const rows = await (prepared.execute ? prepared.execute(values) : prepared.all!(values))
    return rows.map((row) => Object.values(row))
  }

  return { find, invalidate, counters, close: () => reader?.close() }
}

/**
 * What the statements' text depends on in a where: its keys, nesting and list lengths, and the
 * `exists` values (which pick IS NULL or IS NOT NULL); every other value becomes a placeholder.
 */
export function shapeOf(where: unknown, operator?: string): unknown {
  if (Array.isArray(where)) return where.map((item) => shapeOf(item))
  if (isObject(where)) {
    const shape: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(where)) shape[key] = shapeOf(value, key)
    return shape
  }
  return operator === 'exists' ? where : typeof where
}

/** Payload's pagination fields as the drizzle adapter's findMany computes them, in its key order. */
export function envelopeOf({
  ids,
  totalDocs: counted,
  limit,
  page,
  joined,
  paginated = true,
}: {
  ids: unknown[]
  totalDocs: number
  limit: number
  page: number
  joined: boolean
  /** false: `pagination=false`, whose totals findMany takes from the page (one page of them all). */
  paginated?: boolean
}): ListEnvelope {
  // With a join, findMany's DISTINCT branch answers an empty page before counting.
  if (joined && ids.length === 0)
    return {
      docs: [],
      hasNextPage: false,
      hasPrevPage: false,
      limit,
      nextPage: null,
      page: 1,
      pagingCounter: 0,
      prevPage: null,
      totalDocs: 0,
      totalPages: 0,
    }
  let totalDocs = counted
  let totalPages = Math.ceil(totalDocs / limit)
  let hasPrevPage = page > 1
  let hasNextPage = totalPages > page
  let pagingCounter = (page - 1) * limit + 1
  if (!paginated || !totalDocs) {
    totalDocs = ids.length
    totalPages = 1
    pagingCounter = 1
    hasPrevPage = false
    hasNextPage = false
  }
  return {
    docs: [],
    hasNextPage,
    hasPrevPage,
    limit,
    nextPage: hasNextPage ? page + 1 : null,
    page,
    pagingCounter,
    prevPage: hasPrevPage ? page - 1 : null,
    totalDocs,
    totalPages,
  }
}
