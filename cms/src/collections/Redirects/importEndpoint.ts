/**
 * `POST /api/v1/redirects/import`: many redirects at once from a CSV file (`Content-Type: text/csv`),
 * editors and admins only. The header row names the columns `from`, `to` (a path or an allowed URL;
 * empty for 410) and optionally `type` (301 by default, 302, 410); a row whose `from` exists
 * updates that redirect.
 *
 * All or nothing: every row is checked first (path, target, type, duplicates in the file, loops
 * through the file and the stored redirects together) and any error answers 400 listing each one
 * as `rows.<line>.<column>`, with nothing written. A valid file is written in one transaction,
 * row by row through the collection's own rules (chains collapse as they would by hand); answers
 * `{ created, updated }`.
 */
import { parse } from 'csv-parse/sync'
import {
  findLoops,
  internalPathOf,
  normalizeRedirectPath,
  parseRedirectTarget,
  REDIRECT_TYPES,
  type RedirectType,
} from '@mspn/contract'
import { ERRORS, type ErrorCode } from '@mspn/contract/errors'
import { commitTransaction, initTransaction, killTransaction, type Endpoint, type PayloadHandler } from 'payload'

import { hasRole } from '../../access/roles'
import type { RedirectData } from './hooks/resolveRedirect'

/** Rows per import; larger lists are split by the caller. */
export const MAX_IMPORT_ROWS = 5000

interface RowError {
  path: string
  message: string
  code: ErrorCode
}

interface Row {
  line: number
  from: string
  type: RedirectType
  url: string | null
  /** The internal path the row leads to, for the loop check. */
  leadsTo: string | null
}

const refuse = (status: number, errors: { message: string; code: ErrorCode; path?: string }[]) =>
  Response.json(
    {
      errors: errors.some((error) => error.path)
        ? [{ message: 'The file has errors.', data: { errors } }]
        : errors.map(({ message, code }) => ({ message, code })),
    },
    { status },
  )

/** Checks every row; answers the rows, or every error found. */
function checkRows(records: Record<string, string>[], allowedHosts: readonly string[]): Row[] | RowError[] {
  const errors: RowError[] = []
  const rows: Row[] = []
  const seen = new Map<string, number>()
  records.forEach((record, index) => {
    const line = index + 2 // the header is line 1
    const at = (column: string) => `rows.${line}.${column}`
    const from = normalizeRedirectPath(record.from)
    if (!from.ok) errors.push({ path: at('from'), message: from.message, code: ERRORS.VALIDATION_ERROR.code })
    else if (seen.has(from.value))
      errors.push({
        path: at('from'),
        message: `${from.value} is already on line ${seen.get(from.value)}.`,
        code: ERRORS.VALIDATION_ERROR.code,
      })
    const typeText = (record.type ?? '').trim() || '301'
    const type = (REDIRECT_TYPES as readonly string[]).includes(typeText) ? (typeText as RedirectType) : undefined
    if (type === undefined)
      errors.push({ path: at('type'), message: 'type must be 301, 302 or 410.', code: ERRORS.VALIDATION_ERROR.code })
    const to = (record.to ?? '').trim()
    let url: string | null = null
    let leadsTo: string | null = null
    if (type === '410' && to !== '')
      errors.push({ path: at('to'), message: 'A 410 (gone) has no target.', code: ERRORS.VALIDATION_ERROR.code })
    else if (type !== '410') {
      const target = parseRedirectTarget(to, allowedHosts)
      if (!target.ok)
        errors.push({
          path: at('to'),
          message: target.message,
          code: target.hostRefused ? ERRORS.REDIRECT_HOST_NOT_ALLOWED.code : ERRORS.VALIDATION_ERROR.code,
        })
      else {
        url = target.value.value
        leadsTo = internalPathOf(url)
      }
    }
    if (from.ok && type !== undefined) {
      seen.set(from.value, line)
      rows.push({ line, from: from.value, type, url, leadsTo })
    }
  })
  return errors.length > 0 ? errors : rows
}

const isRowErrors = (value: Row[] | RowError[]): value is RowError[] => value.length > 0 && 'path' in value[0]

export function importRedirectsEndpoint(allowedHosts: readonly string[]): Endpoint {
  const handler: PayloadHandler = async (req) => {
    if (!req.user) return refuse(401, [{ message: ERRORS.UNAUTHORIZED.message, code: ERRORS.UNAUTHORIZED.code }])
    if (!hasRole(req.user, 'editor'))
      return refuse(403, [{ message: 'Only editors and admins may import redirects.', code: ERRORS.FORBIDDEN.code }])
    const type = req.headers.get('content-type') ?? ''
    if (!/^text\/csv/i.test(type))
      return refuse(415, [
        { message: 'Send the redirects as Content-Type: text/csv.', code: ERRORS.UNSUPPORTED_MEDIA_TYPE.code },
      ])
    const text = typeof req.text === 'function' ? await req.text() : ''

    let records: Record<string, string>[]
    try {
      records = parse(text, {
        columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
        bom: true,
        max_record_size: 10_000,
      }) as Record<string, string>[]
    } catch (error) {
      const message = error instanceof Error ? error.message : 'unreadable'
      return refuse(400, [{ message: `The CSV could not be read: ${message}`, code: ERRORS.BAD_REQUEST.code }])
    }
    if (records.length === 0)
      return refuse(400, [
        {
          message: 'The file has no rows (a header line from,to,type then one line per redirect).',
          code: ERRORS.BAD_REQUEST.code,
        },
      ])
    if (!('from' in records[0]))
      return refuse(400, [{ message: 'The header line must name a "from" column.', code: ERRORS.BAD_REQUEST.code }])
    if (records.length > MAX_IMPORT_ROWS)
      return refuse(413, [
        { message: `At most ${MAX_IMPORT_ROWS} rows per import.`, code: ERRORS.PAYLOAD_TOO_LARGE.code },
      ])

    const checked = checkRows(records, allowedHosts)
    if (isRowErrors(checked)) return refuse(400, checked)

    // Loops through the file and what is stored, taken together.
    const stored = await req.payload.find({
      collection: 'redirects',
      depth: 0,
      pagination: false,
      overrideAccess: true,
      select: { from: true, type: true, destination: true },
      req,
    })
    const table = new Map<string, string | null>()
    const existing = new Map<string, number | string>()
    for (const doc of stored.docs as RedirectData[]) {
      if (typeof doc.from !== 'string' || doc.id === undefined) continue
      existing.set(doc.from, doc.id)
      table.set(doc.from, doc.type === '410' ? null : internalPathOf(doc.destination))
    }
    for (const row of checked) table.set(row.from, row.leadsTo)
    const looping = findLoops(table)
    const loopErrors = checked
      .filter((row) => looping.has(row.from))
      .map((row) => ({
        path: `rows.${row.line}.to`,
        message: `${row.from} → ${row.leadsTo ?? ''} leads into a loop through the file or the stored redirects.`,
        code: ERRORS.REDIRECT_LOOP.code,
      }))
    if (loopErrors.length > 0) return refuse(400, loopErrors)

    const ownTransaction = await initTransaction(req)
    let created = 0
    let updated = 0
    let line = 0
    try {
      for (const row of checked) {
        line = row.line
        const data = { from: row.from, type: row.type, url: row.url, document: null }
        const id = existing.get(row.from)
        if (id === undefined) {
          await req.payload.create({ collection: 'redirects', data, req, overrideAccess: true, depth: 0 })
          created += 1
        } else {
          await req.payload.update({ collection: 'redirects', id, data, req, overrideAccess: true, depth: 0 })
          updated += 1
        }
      }
      if (ownTransaction) await commitTransaction(req)
    } catch (error) {
      if (ownTransaction) await killTransaction(req)
      const item = (error as { data?: { errors?: { message?: string; code?: ErrorCode; path?: string }[] } }).data
        ?.errors?.[0]
      if (item === undefined) throw error
      return refuse(400, [
        {
          path: `rows.${line}.${item.path === 'from' ? 'from' : 'to'}`,
          message: item.message ?? 'Invalid value.',
          code: item.code ?? ERRORS.VALIDATION_ERROR.code,
        },
      ])
    }
    return Response.json({ created, updated }, { status: 200 })
  }
  return { path: '/import', method: 'post', handler }
}
