/**
 * Which requests are anonymous reads of published content: the ones the response cache may
 * store and concurrent identical reads may share. Classification depends only on the method,
 * the URL and whether the request carries a session, so it is remembered per URL (bounded).
 */
import type { IncomingHttpHeaders } from 'node:http'
import { PUBLIC_COLLECTIONS } from '@mspn/contract'
import type { SanitizedConfig } from 'payload'

/** Collections whose published documents anyone may read (the registry); everything else is never shared. */
const PUBLIC = new Set<string>(PUBLIC_COLLECTIONS)
const PRIVATE_SEGMENTS = new Set(['versions', 'file', 'me', 'access', 'init'])
const MEMO_LIMIT = 10_000

export interface PublicRead {
  /** The URL with its query parameters in a stable order. */
  key: string
  /** A collection slug, or `global:<slug>`. */
  target: string
  /** Population depth the request asks for (clamped to the config's maxDepth). */
  depth: number
}

/** An Express request, or a bare node:http one (the cache's hit listener classifies before Express). */
export interface ReadRequest {
  method?: string
  headers: IncomingHttpHeaders
  url?: string
  /** Express: the URL before any mount point was stripped. */
  originalUrl?: string
  /** Express: the URL's path. */
  path?: string
}

export type PublicReadClassifier = (req: ReadRequest) => PublicRead | null

/** True when the request carries credentials (a bearer token, an API key or a session cookie). */
export function hasSession(req: { headers: IncomingHttpHeaders }): boolean {
  if (req.headers.authorization) return true
  const cookie = req.headers.cookie
  return typeof cookie === 'string' && cookie.includes('payload-token')
}

/**
 * The path of a request URL as Express's parser (parseurl) finds it when the URL is plain: from the
 * leading slash to the first `?`. Anything else (whitespace, a fragment, an absolute URL) is
 * undefined here and left to Express.
 */
function plainPath(url: string): string | undefined {
  if (url.charCodeAt(0) !== 0x2f || /[\t\n\f\r #\u00a0\ufeff]/.test(url)) return undefined
  const at = url.indexOf('?')
  return at === -1 ? url : url.slice(0, at)
}

/** Query parameters in a stable order, so `?a=1&b=2` and `?b=2&a=1` share an entry. */
export function normaliseKey(path: string, query: string): string {
  if (!query) return path
  const params = [...new URLSearchParams(query)].sort(([a, av], [b, bv]) =>
    a === b ? av.localeCompare(bv) : a.localeCompare(b),
  )
  const search = new URLSearchParams(params).toString()
  return search ? `${path}?${search}` : path
}

/** Classifies session-less GET/HEAD requests; anything with a session, a draft or a private route is null. */
export function publicReadClassifier(config: SanitizedConfig): PublicReadClassifier {
  const apiRoute = config.routes.api
  const globals = new Set<string>(config.globals.map((g) => g.slug))
  const memo = new Map<string, PublicRead | null>()

  function classifyUrl(path: string, url: string): PublicRead | null {
    if (!path.startsWith(`${apiRoute}/`)) return null
    const at = url.indexOf('?')
    const rawQuery = at === -1 ? '' : url.slice(at + 1)
    const query = new URLSearchParams(rawQuery)
    const draft = query.get('draft')
    if (draft !== null && draft !== 'false') return null
    const segments = path.slice(apiRoute.length + 1).split('/')
    let target: string | undefined
    if (segments[0] === 'globals' && segments.length === 2 && globals.has(segments[1])) target = `global:${segments[1]}`
    else if (PUBLIC.has(segments[0]) && segments.length <= 2 && !PRIVATE_SEGMENTS.has(segments[1] ?? ''))
      target = segments[0]
    if (!target) return null
    const requested = query.get('depth') === null ? Number.NaN : Number(query.get('depth'))
    const depth = Number.isFinite(requested) ? Math.max(0, Math.min(requested, config.maxDepth)) : config.defaultDepth
    return { key: normaliseKey(path, rawQuery), target, depth }
  }

  return (req) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || hasSession(req)) return null
    const url = req.originalUrl ?? req.url ?? ''
    const known = memo.get(url)
    if (known !== undefined) return known
    const path = req.path ?? plainPath(url)
    if (path === undefined) return null
    const read = classifyUrl(path, url)
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(url, read)
    return read
  }
}
