/**
 * The query string as Payload's REST handler reads it (createPayloadRequest: `qs-esm` with
 * `allowEmptyArrays`, `arrayLimit: 1000`, `depth: 10`), parsed once per request and shared by the
 * query guard and the fast list read, which before parsed it again each (qs-esm and qs together were
 * about a tenth of a distinct read's CPU).
 *
 * Query strings made only of `name[key][key]…=value` pairs, each name distinct, with no numeric,
 * empty or Object.prototype segment and no name that is both a value and a parent (what the site,
 * the SDK and most clients send), are built here directly, several times faster than qs-esm; any
 * other string (arrays, duplicates, `[]`, prototype names, over ten levels or a thousand parameters…)
 * goes to qs-esm itself. `test/unit/queryString.test.ts` holds the two equal on generated strings.
 */
import type { Request } from 'express'
import { parse } from 'qs-esm'

/** Payload's options (payload/dist/utilities/createPayloadRequest.js). */
export const PAYLOAD_QS_OPTIONS = { allowEmptyArrays: true, arrayLimit: 1000, depth: 10 } as const
const MAX_PARAMETERS = 1000
const MAX_DEPTH = PAYLOAD_QS_OPTIONS.depth
const DIGITS = /^\d+$/
const PLUS = /\+/g
const hasOwn = Object.prototype.hasOwnProperty

type Parsed = Record<string, unknown>

/** qs-esm's decoding of a name or value: `+` is a space; malformed escapes stay as they are. */
function decode(text: string): string {
  const spaced = text.includes('+') ? text.replace(PLUS, ' ') : text
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/** A segment qs-esm would treat specially: an array index, or a name it drops (prototype members). */
const special = (segment: string) =>
  hasOwn.call(Object.prototype, segment) || (segment.charCodeAt(0) <= 57 && DIGITS.test(segment))

/**
 * `root[a][b]…` as its segments, or undefined for any other shape (brackets empty, unbalanced or
 * nested, text between or after them, no root) and for special segments.
 */
function pathOf(name: string): string[] | undefined {
  let open = name.indexOf('[')
  const root = open === -1 ? name : name.slice(0, open)
  if (root === '' || root.includes(']') || special(root)) return undefined
  const path = [root]
  while (open !== -1 && open < name.length) {
    if (name.charCodeAt(open) !== 91 /* [ */ || path.length > MAX_DEPTH) return undefined
    const close = name.indexOf(']', open + 1)
    if (close <= open + 1) return undefined
    const segment = name.slice(open + 1, close)
    if (segment.includes('[') || special(segment)) return undefined
    path.push(segment)
    open = close + 1
  }
  return path
}

/** The nested object for simple strings, or undefined when qs-esm must decide. */
function parseSimple(search: string): Parsed | undefined {
  const result: Parsed = {}
  const parts = search.split('&')
  if (parts.length > MAX_PARAMETERS) return undefined
  for (const part of parts) {
    // Where qs-esm splits a pair: after `]=` when there is one, else at the first `=`.
    const bracketEquals = part.indexOf(']=')
    const at = bracketEquals === -1 ? part.indexOf('=') : bracketEquals + 1
    const name = decode(at === -1 ? part : part.slice(0, at))
    if (name === '') continue // qs-esm ignores a pair without a name
    const value = at === -1 ? '' : decode(part.slice(at + 1))
    const path = pathOf(name)
    if (!path) return undefined
    let node = result
    for (let index = 0; index < path.length - 1; index += 1) {
      const key = path[index]!
      const next = node[key]
      if (next === undefined) node = node[key] = {}
      else if (typeof next === 'object') node = next as Parsed
      else return undefined // a value that is also a parent: qs-esm makes an array of both
    }
    const leaf = path[path.length - 1]!
    if (node[leaf] !== undefined) return undefined // a repeated name (an array), or a parent given a value
    node[leaf] = value
  }
  return result
}

/** `search` (without its `?`) as Payload parses it. */
export function parseQuery(search: string): Parsed {
  if (search === '') return {}
  return parseSimple(search) ?? (parse(search, PAYLOAD_QS_OPTIONS) as Parsed)
}

/** The request's query string as sent: `originalUrl` after its `?`, without it ('' when there is none). */
export function searchOf(req: Request): string {
  const at = req.originalUrl.indexOf('?')
  return at === -1 ? '' : req.originalUrl.slice(at + 1)
}

const parsedFor = new WeakMap<Request, { search: string; query: Parsed }>()

/**
 * The request's query string (`originalUrl` after its `?`) as Payload parses it, parsed on the first
 * call for that request. Callers read it and never change it.
 */
export function requestQuery(req: Request): { search: string; query: Parsed } {
  const search = searchOf(req)
  const known = parsedFor.get(req)
  if (known && known.search === search) return known
  const parsed = { search, query: parseQuery(search) }
  parsedFor.set(req, parsed)
  return parsed
}
