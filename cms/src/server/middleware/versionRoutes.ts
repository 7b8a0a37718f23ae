/**
 * Version routes exist only for versioned collections and globals. Payload 3.90 answers
 * `GET /api/v1/<unversioned>/versions` (and `/globals/<unversioned>/versions`) with a 500 from the
 * database adapter for signed-in callers; they are simply not there, so they get a 404.
 */
import type { RequestHandler } from 'express'
import type { SanitizedConfig } from 'payload'

import { HttpError } from '../errors'

export function unversionedVersionRoutes(config: SanitizedConfig): RequestHandler {
  const api = config.routes.api
  const collections = new Set(config.collections.filter((c) => !c.versions).map((c) => c.slug))
  const globals = new Set(config.globals.filter((g) => !g.versions).map((g) => g.slug))
  const pattern = new RegExp(`^${api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:(globals)/)?([^/]+)/versions(?:/|$)`)
  return (req, _res, next) => {
    const match = pattern.exec(req.path)
    if (!match) return next()
    const [, isGlobal, slug] = match
    const unversioned = isGlobal ? globals.has(slug) : collections.has(slug)
    if (unversioned) return next(new HttpError(404, `${isGlobal ? 'Global' : 'Collection'} "${slug}" has no versions.`, 'NOT_FOUND'))
    next()
  }
}
