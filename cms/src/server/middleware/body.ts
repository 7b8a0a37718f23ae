/**
 * Reads API request bodies once, within a size limit, before Payload sees them: oversized bodies get
 * 413, malformed JSON 400 and other media types 415, in our envelope. The bytes are replayed to Payload
 * unchanged. Multipart uploads to upload collections stream through after a Content-Length check; other
 * multipart bodies (the admin panel's forms) are read whole and must be complete.
 *
 * Payload 3.90 fails with a 500 on a REST body that is JSON but not an object (`null`, `1`, `[]`), on a
 * text/XML/form body, and on a truncated multipart body; PostgreSQL on text with
 * NUL characters. Those are refused here.
 */
import express, { type Request, type RequestHandler } from 'express'

import { HttpError } from '../errors'

export interface BodyOptions {
  apiRoute: string
  limitBytes: number
  uploadLimitBytes: number
  /** GraphQL takes a JSON object or a batch (array) of them. */
  graphqlPath: string
  /** Collections that accept file uploads (their multipart bodies stream). */
  uploadCollections: string[]
}

/** PostgreSQL cannot store U+0000 in text; refusing it everywhere keeps the adapters alike. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value)) return value.some(hasNul)
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNul(item))
}

/** A read sent as POST (Payload's `X-Payload-HTTP-Method-Override: GET`), its query in the body. */
export function isMethodOverride(req: Request): boolean {
  return req.method === 'POST' && (req.get('x-payload-http-method-override') === 'GET' || req.get('x-http-method-override') === 'GET')
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
      if (req.path === graphqlPath) return next(unsupported())
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type)
      if (!boundary) return next(new HttpError(400, 'The multipart body has no boundary.', 'BAD_REQUEST'))
      if (uploads.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`))) {
        const length = Number(req.get('content-length') ?? 0)
        // Room for the multipart envelope and the other fields around the file.
        if (length > uploadLimitBytes + 1_048_576) return next(new HttpError(413, 'The upload is too large.', 'PAYLOAD_TOO_LARGE', 'file'))
        return next()
      }
      // The admin panel sends every form as multipart (`_payload`): small, so read whole and checked for its end.
      return raw(req, res, (error?: unknown) => {
        if (error) return next(error)
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
        const mark = `--${boundary[1] ?? boundary[2]}`
        if (!body.includes(`${mark}--`)) return next(new HttpError(400, 'The multipart body is incomplete.', 'BAD_REQUEST'))
        // The document travels as JSON in the `_payload` field, which Payload parses unguarded.
        const text = body.toString('utf8')
        const start = text.search(/name="_payload"\r\n(?:[^\r\n]+\r\n)*\r\n/)
        if (start !== -1) {
          const valueStart = text.indexOf('\r\n\r\n', start) + 4
          const value = text.slice(valueStart, text.indexOf(`\r\n${mark}`, valueStart))
          let parsed: unknown
          try {
            parsed = JSON.parse(value)
          } catch {
            return next(new HttpError(400, 'The _payload field is not valid JSON.', 'INVALID_JSON', '_payload'))
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || hasNul(parsed)) {
            return next(new HttpError(400, 'The _payload field must be a JSON object without NUL characters.', 'INVALID_JSON', '_payload'))
          }
        }
        res.locals.replayBody = body
        next()
      })
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
      // Payload's admin panel sends long reads as POST with a form-encoded query and a method override.
      if (isMethodOverride(req) && /^application\/x-www-form-urlencoded/i.test(type)) return next()
      if (!/json/i.test(type)) return next(unsupported())
      let parsed: unknown
      try {
        parsed = JSON.parse(body.toString('utf8'))
      } catch {
        return next(new HttpError(400, 'The request body is not valid JSON.', 'INVALID_JSON'))
      }
      if (hasNul(parsed)) return next(new HttpError(400, 'Text may not contain NUL (\\u0000) characters.', 'INVALID_JSON'))
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
