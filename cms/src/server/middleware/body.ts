/**
 * Reads API request bodies once, within a size limit, before Payload sees them: oversized bodies get
 * 413, malformed JSON 400 and other media types 415, in our envelope. The bytes are replayed to Payload
 * unchanged. Multipart uploads (to upload collections only) stream through after a Content-Length check.
 *
 * Payload 3.90 fails with a 500 on a REST body that is JSON but not an object (`null`, `1`, `[]`), on a
 * text/XML/form body, and on multipart sent to a collection without uploads; those are refused here.
 */
import express, { type RequestHandler } from 'express'

import { HttpError } from '../errors'

export interface BodyOptions {
  apiRoute: string
  limitBytes: number
  uploadLimitBytes: number
  /** GraphQL takes a JSON object or a batch (array) of them. */
  graphqlPath: string
  /** Collections that accept multipart uploads. */
  uploadCollections: string[]
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const unsupported = () => new HttpError(415, 'Send the body as application/json (or multipart/form-data for uploads).', 'UNSUPPORTED_MEDIA_TYPE')

export function bufferApiBodies({ apiRoute, limitBytes, uploadLimitBytes, graphqlPath, uploadCollections }: BodyOptions): RequestHandler {
  const raw = express.raw({ type: () => true, limit: limitBytes })
  const uploads = uploadCollections.map((slug) => `${apiRoute}/${slug}`)
  return (req, res, next) => {
    if (!WRITES.has(req.method) || !req.path.startsWith(`${apiRoute}/`)) return next()
    const type = req.get('content-type') ?? ''
    if (/^multipart\/form-data/i.test(type)) {
      if (!uploads.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`))) return next(unsupported())
      if (!/boundary=/i.test(type)) return next(new HttpError(400, 'The multipart body has no boundary.', 'BAD_REQUEST'))
      const length = Number(req.get('content-length') ?? 0)
      // Room for the multipart envelope and the other fields around the file.
      if (length > uploadLimitBytes + 1_048_576) return next(new HttpError(413, 'The upload is too large.', 'PAYLOAD_TOO_LARGE'))
      return next()
    }
    raw(req, res, (error?: unknown) => {
      if (error) return next(error)
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      res.locals.replayBody = body
      if (body.length === 0) {
        if (req.method === 'DELETE') return next()
        if (type !== '' && !/json/i.test(type)) return next(unsupported())
        // An empty write is an empty object (Payload fails on a missing body): validation names what is missing.
        req.headers['content-type'] = 'application/json'
        res.locals.replayBody = Buffer.from('{}')
        res.locals.json = {}
        return next()
      }
      if (!/json/i.test(type)) return next(unsupported())
      let parsed: unknown
      try {
        parsed = JSON.parse(body.toString('utf8'))
      } catch {
        return next(new HttpError(400, 'The request body is not valid JSON.', 'INVALID_JSON'))
      }
      const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      if (!isObject && !(req.path === graphqlPath && Array.isArray(parsed))) {
        return next(new HttpError(400, 'The request body must be a JSON object.', 'INVALID_JSON'))
      }
      res.locals.json = parsed
      // Payload reads JSON only under exactly this type (not "application/json, text/plain" and the like).
      req.headers['content-type'] = 'application/json'
      next()
    })
  }
}
