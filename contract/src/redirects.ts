/**
 * Redirect rules, as the CMS stores them and the site answers them: which paths may be redirected,
 * where to, and the site path of a routed document (from the registry's routes). Pure functions,
 * shared so the CMS validates with exactly the normalisation the site matches with.
 *
 * - `from` is a path on the site: leading slash, no trailing slash (but `/`), no host, no query
 *   string or fragment, dot segments resolved, percent-encoded the way a browser sends it.
 * - A target is an internal path (query and fragment kept) or an absolute http(s) URL whose host
 *   is on an allow-list; anything else (`javascript:`, `//host`, backslashes, credentials) is refused.
 * - Resolution is one hop: a stored rule never points at a path that is itself redirected.
 */
import { COLLECTION_ROUTES, isRoutedCollection } from './collections'

export const REDIRECT_TYPES = ['301', '302', '410'] as const
export type RedirectType = (typeof REDIRECT_TYPES)[number]

/** One rule of the table the site reads (`destination` is absent for 410 Gone). */
export interface RedirectRule {
  from: string
  type: RedirectType
  destination?: string | null
}

/** The CMS page rendered at `/` (its slug). */
export const HOME_SLUG = 'home'

/** Longest `from` path or target accepted. */
export const MAX_REDIRECT_LENGTH = 2000

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; hostRefused?: boolean }

const fail = (message: string, hostRefused = false): { ok: false; message: string; hostRefused?: boolean } =>
  hostRefused ? { ok: false, message, hostRefused } : { ok: false, message }

/** The site path of a document, or null for a collection the site does not route. */
export function documentPath(collection: string, slug: string): string | null {
  if (!isRoutedCollection(collection) || slug === '') return null
  if (collection === 'pages' && slug === HOME_SLUG) return '/'
  return `${COLLECTION_ROUTES[collection]}/${encodeURIComponent(slug)}`
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/

/** Collapses repeated slashes and drops trailing ones (the root stays `/`). */
function tidyPath(pathname: string): string {
  const collapsed = pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '')
  return collapsed === '' ? '/' : collapsed
}

/** Paths the site answers itself before redirects are looked at (endpoints, internals, draft preview). */
export function isReservedPath(path: string): boolean {
  return path.startsWith('/_') || path === '/api' || path.startsWith('/api/') || path === '/preview'
}

/** Normalises a `from` path (or a request's path, for matching). */
export function normalizeRedirectPath(input: unknown): Checked<string> {
  if (typeof input !== 'string' || input.trim() === '') return fail('Give the path to redirect, e.g. /old-page.')
  const raw = input.trim()
  if (raw.length > MAX_REDIRECT_LENGTH) return fail(`The path is longer than ${MAX_REDIRECT_LENGTH} characters.`)
  if (CONTROL.test(raw) || raw.includes('\\')) return fail('The path contains control characters or backslashes.')
  if (raw.startsWith('//') || SCHEME.test(raw))
    return fail('Give a path on this site (e.g. /old-page), without scheme or host.')
  if (raw.includes('?') || raw.includes('#'))
    return fail('Query strings and fragments are not supported in the path to redirect.')
  const path = tidyPath(new URL(raw.startsWith('/') ? raw : `/${raw}`, 'http://site.invalid').pathname)
  if (isReservedPath(path)) return fail(`${path} is one of the site's own endpoints and cannot be redirected.`)
  return { ok: true, value: path }
}

/** Where a target leads: a path on the site (compared for chains and loops) or another host's URL. */
export type RedirectTarget = { kind: 'internal'; path: string; value: string } | { kind: 'external'; value: string }

/**
 * Parses the lowercased, port-less host names of REDIRECT_ALLOWED_HOSTS (comma-separated). A `*.`
 * prefix allows every subdomain of the name (not the name itself).
 */
export function parseAllowedHosts(list: string | readonly string[] | undefined): string[] {
  const items = typeof list === 'string' ? list.split(',') : (list ?? [])
  return [...new Set(items.map((item) => item.trim().toLowerCase()).filter(Boolean))]
}

const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/

/** True when `entry` is a host name (or `*.` wildcard) REDIRECT_ALLOWED_HOSTS may hold. */
export const isAllowedHostEntry = (entry: string): boolean => HOST_PATTERN.test(entry)

export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase()
  return allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry))
}

/** Checks a target written by an editor (a path, or an absolute URL on an allowed host). */
export function parseRedirectTarget(input: unknown, allowedHosts: readonly string[]): Checked<RedirectTarget> {
  if (typeof input !== 'string' || input.trim() === '')
    return fail('Give where to send visitors: a path on this site or a full URL.')
  const raw = input.trim()
  if (raw.length > MAX_REDIRECT_LENGTH) return fail(`The target is longer than ${MAX_REDIRECT_LENGTH} characters.`)
  if (CONTROL.test(raw) || raw.includes('\\')) return fail('The target contains control characters or backslashes.')
  if (raw.startsWith('//')) return fail('Write another host as a full https:// URL.', true)
  if (SCHEME.test(raw)) {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return fail('The target is not a valid URL.')
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return fail(`Only http and https targets are allowed, not ${url.protocol}`)
    if (url.username !== '' || url.password !== '') return fail('The target URL may not contain credentials.')
    if (!hostAllowed(url.hostname, allowedHosts))
      return fail(
        `Redirects to ${url.hostname} are not allowed: add the host to REDIRECT_ALLOWED_HOSTS to allow it.`,
        true,
      )
    return { ok: true, value: { kind: 'external', value: url.href } }
  }
  const url = new URL(raw.startsWith('/') ? raw : `/${raw}`, 'http://site.invalid')
  const path = tidyPath(url.pathname)
  return { ok: true, value: { kind: 'internal', path, value: `${path}${url.search}${url.hash}` } }
}

/** The path part of a stored destination when it is on the site (for chain and loop checks), else null. */
export function internalPathOf(destination: string | null | undefined): string | null {
  if (typeof destination !== 'string' || !destination.startsWith('/') || destination.startsWith('//')) return null
  return tidyPath(new URL(destination, 'http://site.invalid').pathname)
}

/**
 * Loops in a table of rules (from → internal destination path): each `from` that, followed hop by
 * hop, comes back to a path already seen. Used to check a whole import before writing anything.
 */
export function findLoops(rules: ReadonlyMap<string, string | null>): Set<string> {
  const looping = new Set<string>()
  for (const start of rules.keys()) {
    const seen = new Set<string>([start])
    let at = rules.get(start) ?? null
    while (at !== null && rules.has(at)) {
      if (seen.has(at)) {
        looping.add(start)
        break
      }
      seen.add(at)
      at = rules.get(at) ?? null
    }
  }
  return looping
}
