/**
 * `GET <api>/search?q=&type=&limit=&page=`: site search over published content (see
 * search/searchIndex.ts). Mounted before Payload's REST handlers; the API and search budgets
 * (limits/rateLimits.ts) and the query guard run before it. Any query string gets an answer:
 * a 400 naming the parameter, ranked hits (possibly none), or a 503 with Retry-After while the index
 * is built or its worker cannot answer in time; never a 500.
 */
import type { Request, RequestHandler } from 'express'

import { ERRORS } from '@mspn/contract/errors'
import { isSearchType, SEARCH_LIMITS, SEARCH_TYPES, type SearchParams } from '@mspn/contract/search'

import { SearchUnavailable } from '../search/searchHost'
import type { SearchIndex } from '../search/searchIndex'
import { HttpError, refuse } from './errors'

const invalid = (message: string, field: string) => new HttpError(ERRORS.INVALID_QUERY, message, field)

function text(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw invalid(`"${name}" must be given once, as text.`, name)
  return value
}

function whole(req: Request, name: string, min: number, max: number): number | undefined {
  const value = text(req, name)
  if (value === undefined || value === '') return undefined
  const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN
  if (!(number >= min && number <= max)) throw invalid(`"${name}" must be a whole number from ${min} to ${max}.`, name)
  return number
}

/** Reads and checks the parameters; throws HttpError (400) for anything out of shape. */
export function searchParams(req: Request): SearchParams {
  const q = text(req, 'q')?.trim() ?? ''
  if (q === '') throw invalid('Give the words to search for in "q".', 'q')
  if (q.length > SEARCH_LIMITS.maxQueryChars)
    throw invalid(`"q" may be at most ${SEARCH_LIMITS.maxQueryChars} characters long.`, 'q')
  const type = text(req, 'type')
  if (type !== undefined && type !== '' && !isSearchType(type))
    throw invalid(`"type" must be one of: ${SEARCH_TYPES.join(', ')}.`, 'type')
  return {
    q,
    type: type && isSearchType(type) ? type : null,
    limit: whole(req, 'limit', 1, SEARCH_LIMITS.maxLimit),
    page: whole(req, 'page', 1, SEARCH_LIMITS.maxPage),
  }
}

export function searchRoute(apiRoute: string, index: SearchIndex): RequestHandler {
  const path = `${apiRoute}/search`
  return (req, res, next) => {
    if (req.path !== path && req.path !== `${path}/`) return next()
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return refuse(res, ERRORS.METHOD_NOT_ALLOWED)
    }
    let params: SearchParams
    try {
      params = searchParams(req)
    } catch (error) {
      return next(error)
    }
    if (!index.isReady()) {
      res.setHeader('Retry-After', '5')
      return refuse(res, ERRORS.UNAVAILABLE, 'The search index is being built. Please try again shortly.')
    }
    index.search(params).then(
      (answer) => {
        // The request's deadline (middleware/deadline.ts) answered while the engine was busy.
        if (res.headersSent) return
        res.setHeader('Cache-Control', 'no-store')
        res.json(answer)
      },
      (error: unknown) => {
        if (!(error instanceof SearchUnavailable)) return next(error)
        // The engine's worker is busy past its deadline, or gone and being rebuilt.
        res.setHeader('Retry-After', '5')
        refuse(res, ERRORS.UNAVAILABLE, error.message)
      },
    )
  }
}
