/**
 * Anti-spam for the public contact form (inquiry create): a honeypot field real people never
 * fill, and a minimum time between showing the form and sending it. Both fields are removed
 * before Payload sees the inquiry. API clients that send neither are not affected.
 */
import type { RequestHandler } from 'express'

import { HttpError } from '../errors'

export const HONEYPOT_FIELD = 'website'
export const STARTED_AT_FIELD = 'formStartedAt'

export function contactGuard(apiRoute: string, minFillSeconds: number): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== `${apiRoute}/inquiries`) return next()
    const body = res.locals.json as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object' || Array.isArray(body)) return next()
    const honeypot = body[HONEYPOT_FIELD]
    const startedAt = body[STARTED_AT_FIELD]
    if (typeof honeypot === 'string' && honeypot.trim() !== '') {
      return next(new HttpError(400, 'Your message could not be accepted.', 'SPAM_SUSPECTED'))
    }
    if (startedAt !== undefined) {
      const started = typeof startedAt === 'number' ? startedAt : Date.parse(String(startedAt))
      if (!Number.isFinite(started)) return next(new HttpError(400, 'formStartedAt must be a timestamp.', 'VALIDATION_ERROR', STARTED_AT_FIELD))
      if (Date.now() - started < minFillSeconds * 1000) {
        return next(new HttpError(400, 'That was quick! Please take a moment to check your message, then send it again.', 'TOO_FAST'))
      }
    }
    if (HONEYPOT_FIELD in body || STARTED_AT_FIELD in body) {
      const { [HONEYPOT_FIELD]: _honeypot, [STARTED_AT_FIELD]: _startedAt, ...rest } = body
      res.locals.json = rest
      res.locals.replayBody = Buffer.from(JSON.stringify(rest))
    }
    next()
  }
}
