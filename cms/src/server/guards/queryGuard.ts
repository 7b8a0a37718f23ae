/**
 * Checks the query string of REST calls before Payload reads it, parsed the way Payload parses it.
 * Payload 3.90 hands malformed values straight to the database adapter, which fails with a 500:
 * `limit=1.5`, `page=1e20`, `where[title][equals][equals]=x` (an object where a value belongs),
 * `where[id][in]=a,b` on SQL (NaN ids), `where[date][near]=1,2` (operators a field type lacks).
 * Those are the client's mistakes: they get a 400 naming the parameter. Runs after the body is buffered,
 * so reads sent as POST with a method override (the admin panel's) are checked too.
 */
import type { RequestHandler } from 'express'

import { ERRORS } from '@mspn/contract/errors'

import { HttpError } from '../errors'
import { isMethodOverride } from './body'
import type { IdSyntax } from './idSyntax'
import { parseQuery, requestQuery, searchOf } from '../queryString'

/** Operators Payload supports on the field types this project has (no point or geo fields). */
const OPERATORS = new Set([
  'equals',
  'not_equals',
  'in',
  'not_in',
  'exists',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'like',
  'not_like',
  'contains',
])
const LIST_OPERATORS = new Set(['in', 'not_in'])
const TEXT_OPERATORS = new Set(['like', 'not_like', 'contains', 'exists'])
const MAX_WHERE_DEPTH = 8
/** Integers only; a billion pages or documents is more than any collection here will hold. */
const COUNT = /^\d{1,9}$/

const invalid = (message: string, field: string) => new HttpError(ERRORS.INVALID_QUERY, message, field)

function checkValue(path: string, operator: string, value: unknown, isId: boolean, ids: IdSyntax): void {
  const values = Array.isArray(value) ? value : [value]
  if (Array.isArray(value) && !LIST_OPERATORS.has(operator)) throw invalid(`"${operator}" takes one value.`, path)
  for (const item of values) {
    if (typeof item !== 'string') throw invalid(`The value of "${operator}" must be text, not an object.`, path)
    if (!isId || TEXT_OPERATORS.has(operator)) continue
    const parts = LIST_OPERATORS.has(operator) ? item.split(',') : [item]
    for (const part of parts)
      if (!ids.test(part.trim())) throw invalid(`"${part.slice(0, 40)}" is not a valid id.`, path)
  }
}

function checkWhere(where: unknown, path: string, depth: number, ids: IdSyntax): void {
  if (depth > MAX_WHERE_DEPTH) throw invalid(`"where" may nest at most ${MAX_WHERE_DEPTH} levels.`, path)
  if (typeof where !== 'object' || where === null || Array.isArray(where))
    throw invalid('"where" must name fields and operators, e.g. where[title][equals]=x.', path)
  for (const [key, condition] of Object.entries(where)) {
    const here = `${path}[${key}]`
    if (key === 'and' || key === 'or') {
      if (typeof condition !== 'object' || condition === null)
        throw invalid(`"${key}" must be a list of conditions.`, here)
      for (const [index, branch] of Object.entries(condition)) checkWhere(branch, `${here}[${index}]`, depth + 1, ids)
      continue
    }
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition))
      throw invalid(`"${key}" needs an operator, e.g. ${here}[equals]=x.`, here)
    const isId = key === 'id' || key.endsWith('.id')
    for (const [operator, value] of Object.entries(condition)) {
      if (!OPERATORS.has(operator))
        throw invalid(`Unknown operator "${operator.slice(0, 40)}".`, `${here}[${operator.slice(0, 40)}]`)
      checkValue(`${here}[${operator}]`, operator, value, isId, ids)
    }
  }
}

export function queryGuard(apiRoute: string, ids: IdSyntax, graphqlPath: string): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith(`${apiRoute}/`) || req.path === graphqlPath) return next()
    // A method-override read carries its query in the (already buffered) body.
    const override = isMethodOverride(req)
    const search = override ? ((res.locals.replayBody as Buffer | undefined)?.toString('utf8') ?? '') : searchOf(req)
    if (!search) return next()
    // PostgreSQL cannot compare text holding U+0000; refused on every adapter alike.
    if (/%00/.test(search)) return next(invalid('The query may not contain NUL (%00) characters.', 'query'))
    try {
      // As Payload parses it (createPayloadRequest), so both see the same structure; a GET's parse is
      // kept for the fast list read (queryString.ts).
      const query = override ? parseQuery(search) : requestQuery(req).query
      for (const name of ['limit', 'page', 'depth']) {
        const value = query[name]
        if (value === undefined) continue
        if (typeof value !== 'string' || !COUNT.test(value))
          throw invalid(`"${name}" must be a whole number from 0 to 999999999.`, name)
      }
      if (query.where !== undefined) checkWhere(query.where, 'where', 0, ids)
      for (const name of ['sort', 'draft', 'locale', 'fallback-locale', 'pagination', 'trash']) {
        const value = query[name]
        if (
          value !== undefined &&
          typeof value !== 'string' &&
          !(name === 'sort' && Array.isArray(value) && value.every((v) => typeof v === 'string'))
        ) {
          throw invalid(`"${name}" must be text.`, name)
        }
      }
    } catch (error) {
      return next(error instanceof HttpError ? error : invalid('The query string could not be read.', 'query'))
    }
    next()
  }
}
