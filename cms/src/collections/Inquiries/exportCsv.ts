/**
 * `GET /api/v1/inquiries/export.csv` for editors and admins: the inquiries the list's `where` and
 * `sort` select (as in `GET /api/v1/inquiries`), as CSV, streamed a page at a time so a long list
 * never sits in memory. Every cell is quoted, and a cell that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab/CR) gets a leading apostrophe.
 */
import type { Endpoint, PayloadRequest, Sort, Where } from 'payload'

import { assertEditor } from './unreadCount'

const PAGE_SIZE = 200

interface ExportRow {
  id: number | string
  createdAt: string
  status?: string | null
  read?: boolean | null
  readAt?: string | null
  spam?: boolean | null
  name?: string | null
  email?: string | null
  company?: string | null
  budget?: string | null
  sourcePage?: string | null
  message?: string | null
  assignee?: number | string | { email?: string | null } | null
  notes?: string | null
  notifiedAt?: string | null
}

const COLUMNS: [string, (row: ExportRow) => unknown][] = [
  ['id', (row) => row.id],
  ['createdAt', (row) => row.createdAt],
  ['status', (row) => row.status],
  ['read', (row) => (row.read ? 'yes' : 'no')],
  ['spam', (row) => (row.spam ? 'yes' : 'no')],
  ['name', (row) => row.name],
  ['email', (row) => row.email],
  ['company', (row) => row.company],
  ['budget', (row) => row.budget],
  ['sourcePage', (row) => row.sourcePage],
  ['message', (row) => row.message],
  ['assignee', (row) => (typeof row.assignee === 'object' && row.assignee ? row.assignee.email : row.assignee)],
  ['notes', (row) => row.notes],
  ['notifiedAt', (row) => row.notifiedAt],
]

/** One CSV cell: quoted, quotes doubled, formula triggers defused. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '""'
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

export const csvLine = (cells: unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`

const SORT = /^-?[A-Za-z][\w.]{0,63}$/

function exportQuery(req: PayloadRequest): { where?: Where; sort: Sort } {
  const query = (req.query ?? {}) as { where?: unknown; sort?: unknown }
  const where = typeof query.where === 'object' && query.where !== null ? (query.where as Where) : undefined
  const sort = typeof query.sort === 'string' && SORT.test(query.sort) ? query.sort : '-createdAt'
  return { where, sort }
}

export const exportCsvEndpoint: Endpoint = {
  path: '/export.csv',
  method: 'get',
  handler: async (req) => {
    assertEditor(req)
    const { where, sort } = exportQuery(req)
    const { payload, user } = req
    // Inquiries that arrive during the export would shift the pages under it: it lists those up to now.
    const upTo: Where = { createdAt: { less_than_equal: new Date().toISOString() } }
    const page = (number: number) =>
      payload.find({
        collection: 'inquiries',
        where: where ? { and: [where, upTo] } : upTo,
        sort,
        page: number,
        limit: PAGE_SIZE,
        depth: 1,
        populate: { users: { email: true } },
        overrideAccess: false,
        user,
      })
    // The first page before the answer starts: a bad filter is still a 400 in the error envelope.
    let current = await page(1)
    let sentHeader = false
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          if (!sentHeader) {
            sentHeader = true
            controller.enqueue(encoder.encode(csvLine(COLUMNS.map(([name]) => name))))
          }
          if (current.docs.length > 0)
            controller.enqueue(
              encoder.encode(
                (current.docs as ExportRow[]).map((row) => csvLine(COLUMNS.map(([, cell]) => cell(row)))).join(''),
              ),
            )
          if (!current.hasNextPage) return controller.close()
          current = await page((current.page ?? 1) + 1)
        } catch (error) {
          payload.logger.error({ err: error }, 'inquiry export failed while streaming')
          controller.error(error)
        }
      },
    })
    const day = new Date().toISOString().slice(0, 10)
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="inquiries-${day}.csv"`,
        'cache-control': 'no-store',
        'x-total-count': String(current.totalDocs),
      },
    })
  },
}
