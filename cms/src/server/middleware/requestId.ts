import { randomUUID } from 'node:crypto'
import type { RequestHandler } from 'express'

import { requestContext } from '../processErrors'

/** Incoming IDs are trusted only when short and made of safe characters (no header or log injection). */
const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/

export const REQUEST_ID_HEADER = 'x-request-id'

/** The incoming ID when it is sane, else a new one (the cache's hit listener uses it too). */
export const requestIdFrom = (incoming: string | undefined): string =>
  incoming && SAFE_ID.test(incoming) ? incoming : randomUUID()

/**
 * Takes a sane X-Request-Id or makes one; echoes it on the response and keeps it for logs and errors.
 * The rest of the chain runs inside requestContext, so an error nothing caught still names its request.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const id = requestIdFrom(req.get(REQUEST_ID_HEADER))
    res.locals.requestId = id
    // Payload sees it too (audit log entries name the request).
    req.headers[REQUEST_ID_HEADER] = id
    res.setHeader('X-Request-Id', id)
    requestContext.run({ requestId: id, res }, next)
  }
}
