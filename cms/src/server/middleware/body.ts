/**
 * Reads API request bodies once, within a size limit, before Payload sees them: oversized bodies get
 * 413 and malformed JSON 400 in our envelope. The bytes are replayed to Payload unchanged.
 * Multipart uploads stream through (Payload limits their size) after a Content-Length check.
 */
import express, { type RequestHandler } from 'express'

import { HttpError } from '../errors'

export interface BodyOptions {
  apiRoute: string
  limitBytes: number
  uploadLimitBytes: number
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function bufferApiBodies({ apiRoute, limitBytes, uploadLimitBytes }: BodyOptions): RequestHandler {
  const raw = express.raw({ type: () => true, limit: limitBytes })
  return (req, res, next) => {
    if (!WRITES.has(req.method) || !req.path.startsWith(`${apiRoute}/`)) return next()
    const type = req.get('content-type') ?? ''
    if (type.startsWith('multipart/form-data')) {
      const length = Number(req.get('content-length') ?? 0)
      // Room for the multipart envelope and the other fields around the file.
      if (length > uploadLimitBytes + 1_048_576) return next(new HttpError(413, 'The upload is too large.', 'PAYLOAD_TOO_LARGE', 'file'))
      return next()
    }
    raw(req, res, (error?: unknown) => {
      if (error) return next(error)
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      res.locals.replayBody = body
      if (body.length > 0 && /json/i.test(type)) {
        try {
          res.locals.json = JSON.parse(body.toString('utf8'))
        } catch {
          return next(new HttpError(400, 'The request body is not valid JSON.', 'INVALID_JSON'))
        }
      }
      next()
    })
  }
}
