/**
 * URL building and response reading for the API explorer demo. The collection must be in the
 * demo's allow-list (its settings) and be one the CMS serves to anyone; anything else is
 * refused before a request is made, so the demo can never be pointed at private data.
 */

/** Collections the CMS's public API serves to anonymous visitors, with the fields worth showing. */
export const PUBLIC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  posts: ['title', 'slug', 'excerpt', 'publishedAt'],
  projects: ['title', 'slug', 'client', 'industry', 'year'],
  services: ['title', 'slug', 'summary'],
  pages: ['title', 'slug', 'publishedAt'],
  demos: ['title', 'slug', 'kind', 'summary'],
  categories: ['title', 'slug', 'description'],
  testimonials: ['quote', 'authorName', 'company'],
}

export const MAX_LIMIT = 20
export const DEFAULT_LIMIT = 3

export class ExplorerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExplorerError'
  }
}

/** The allow-list from settings, kept only where the CMS would answer anyone; order kept, no duplicates. */
export function allowedCollections(requested: readonly unknown[] | null | undefined): string[] {
  const allowed: string[] = []
  for (const name of requested ?? []) {
    if (typeof name === 'string' && Object.hasOwn(PUBLIC_FIELDS, name) && !allowed.includes(name)) allowed.push(name)
  }
  return allowed
}

export function clampLimit(value: unknown, fallback = DEFAULT_LIMIT): number {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
  if (!Number.isFinite(number)) return fallback
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(number)))
}

export interface ExplorerQuery {
  collection: string
  limit: number
  page?: number
  /** Ask only for the collection's summary fields (`select[...]=true`). */
  selectFields?: boolean
}

/**
 * `${cmsUrl}/api/v1/${collection}?limit=…&page=…&depth=0&select[title]=true…`.
 * Throws ExplorerError for a collection outside `allowList` or a CMS URL that is not http(s).
 */
export function buildExplorerUrl(cmsUrl: string, query: ExplorerQuery, allowList: readonly string[]): string {
  if (!allowList.includes(query.collection) || !Object.hasOwn(PUBLIC_FIELDS, query.collection)) {
    throw new ExplorerError(`"${query.collection}" is not one of the collections this demo may query.`)
  }
  let base: URL
  try {
    base = new URL(cmsUrl)
  } catch {
    throw new ExplorerError('The CMS address is not a valid URL.')
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new ExplorerError('The CMS address must be http(s).')
  const params = new URLSearchParams()
  params.set('limit', String(clampLimit(query.limit)))
  const page = query.page !== undefined && Number.isInteger(query.page) && query.page > 1 ? query.page : undefined
  if (page !== undefined) params.set('page', String(page))
  params.set('depth', '0')
  if (query.selectFields !== false) {
    for (const field of PUBLIC_FIELDS[query.collection] ?? []) params.set(`select[${field}]`, 'true')
  }
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}`
  return `${prefix}/api/v1/${encodeURIComponent(query.collection)}?${params.toString()}`
}

/** The readable form of a query string: `select[title]` rather than `select%5Btitle%5D`. */
export function displayUrl(url: string): string {
  return url.replace(/%5B/gi, '[').replace(/%5D/gi, ']')
}

/** Retry-After in seconds (delta or HTTP date), or null. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const date = Date.parse(text)
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : null
}

/** Pagination facts from a Payload list answer, when it is one. */
export function pageInfo(body: unknown): { page: number; totalPages: number; totalDocs: number } | null {
  if (body === null || typeof body !== 'object') return null
  const { page, totalPages, totalDocs } = body as Record<string, unknown>
  if (typeof page !== 'number' || typeof totalPages !== 'number' || typeof totalDocs !== 'number') return null
  return { page, totalPages, totalDocs }
}

/** Pretty JSON for display, cut at `maxChars` so a huge answer cannot freeze the page. */
export function prettyJson(text: string, maxChars = 20_000): string {
  let pretty: string
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    pretty = text
  }
  return pretty.length > maxChars
    ? `${pretty.slice(0, maxChars)}\n… (${pretty.length - maxChars} more characters)`
    : pretty
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`
}
