/**
 * Reads API request bodies once, within a size limit, before Payload sees them: oversized bodies get
 * 413, malformed JSON 400, JSON nested deeper than `maxDepth` 400 (BODY_TOO_DEEP) and other media types
 * 415, in our envelope. The bytes are replayed to Payload unchanged. Multipart bodies are read whole too
 * (uploads after a Content-Length check, within the upload limit) and must be complete: the document
 * travels as JSON in their `_payload` field, which Payload parses and walks unguarded.
 *
 * Depth is measured on the bytes before JSON.parse (see depth.ts), so no recursive code, ours or
 * Payload's, ever sees a value deeper than the limit.
 *
 * A method-overridden read (`X-Payload-HTTP-Method-Override: GET`) carries its query form-encoded, or as
 * a JSON object, which becomes the same form-encoded query.
 *
 * Payload 3.90 fails with a 500 on a REST body that is JSON but not an object (`null`, `1`, `[]`), on a
 * text/XML/form body, and on a truncated multipart body; PostgreSQL on text with
 * NUL characters. Those are refused here.
 */
import { AsyncResource } from 'node:async_hooks'
import express, { type Request, type RequestHandler } from 'express'
import qs from 'qs'

import { ERRORS } from '@mspn/contract/errors'

import { hasNul, jsonDepth } from './depth'
import { HttpError } from '../errors'

export interface BodyOptions {
  apiRoute: string
  limitBytes: number
  uploadLimitBytes: number
  /** GraphQL takes a JSON object or a batch (array) of them. */
  graphqlPath: string
  /** Collections that accept file uploads (their multipart bodies may be as large as the upload limit). */
  uploadCollections: string[]
  /** Deepest `{`/`[` nesting a JSON body (or `_payload` field) may have. */
  maxDepth: number
  /** Endpoints that read a `text/csv` body themselves (the redirects import), within the same size limit. */
  csvPaths?: readonly string[]
}

const tooDeep = (maxDepth: number, field?: string) =>
  new HttpError(
    ERRORS.BODY_TOO_DEEP,
    `The ${field ? `${field} field` : 'request body'} is nested more than ${maxDepth} levels deep.`,
    field,
  )

/** The value of one field of a complete multipart body, found by its part headers (never inside a file's bytes). */
export function multipartField(body: Buffer, boundary: string, name: string): Buffer | undefined {
  const delimiter = Buffer.from(`--${boundary}`)
  const between = Buffer.from(`\r\n--${boundary}`)
  const named = `name="${name}"`
  let at = body.indexOf(delimiter)
  while (at !== -1) {
    const headersStart = at + delimiter.length + 2
    const headersEnd = body.indexOf('\r\n\r\n', headersStart)
    if (headersEnd === -1) return undefined
    const next = body.indexOf(between, headersEnd)
    const disposition =
      /^content-disposition:.*$/im.exec(body.subarray(headersStart, headersEnd).toString('latin1'))?.[0] ?? ''
    if (disposition.split(';').some((part) => part.trim() === named))
      return body.subarray(headersEnd + 4, next === -1 ? body.length : next)
    at = next === -1 ? -1 : next + 2
  }
  return undefined
}

/** A read sent as POST (Payload's `X-Payload-HTTP-Method-Override: GET`), its query in the body. */
export function isMethodOverride(req: Request): boolean {
  return (
    req.method === 'POST' &&
    (req.get('x-payload-http-method-override') === 'GET' || req.get('x-http-method-override') === 'GET')
  )
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const uploadTooLarge = () => new HttpError(ERRORS.PAYLOAD_TOO_LARGE, 'The upload is too large.', 'file')
const unsupported = () => new HttpError(ERRORS.UNSUPPORTED_MEDIA_TYPE)

export function bufferApiBodies({
  apiRoute,
  limitBytes,
  uploadLimitBytes,
  graphqlPath,
  uploadCollections,
  maxDepth,
  csvPaths = [],
}: BodyOptions): RequestHandler {
  const raw = express.raw({ type: () => true, limit: limitBytes })
  const rawUpload = express.raw({ type: () => true, limit: uploadLimitBytes + 1_048_576 })
  const uploads = uploadCollections.map((slug) => `${apiRoute}/${slug}`)
  return (req, res, next) => {
    if (!WRITES.has(req.method) || !req.path.startsWith(`${apiRoute}/`)) return next()
    const type = req.get('content-type') ?? ''
    if (/^multipart\/form-data/i.test(type)) {
      if (req.path === graphqlPath) return next(unsupported())
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type)
      if (!boundary) return next(new HttpError(ERRORS.BAD_REQUEST, 'The multipart body has no boundary.'))
      const upload = uploads.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`))
      // Room for the multipart envelope and the other fields around the file.
      if (upload && Number(req.get('content-length') ?? 0) > uploadLimitBytes + 1_048_576) return next(uploadTooLarge())
      // Admin forms and uploads alike are read whole: `_payload` is checked before Payload parses and walks it.
      return (upload ? rawUpload : raw)(
        req,
        res,
        AsyncResource.bind((error?: unknown) => {
          if (error)
            return next(upload && (error as { type?: string }).type === 'entity.too.large' ? uploadTooLarge() : error)
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
          const mark = boundary[1] ?? boundary[2]
          if (!body.includes(`--${mark}--`))
            return next(new HttpError(ERRORS.BAD_REQUEST, 'The multipart body is incomplete.'))
          const value = multipartField(body, mark, '_payload')
          if (value && jsonDepth(value, maxDepth) > maxDepth) return next(tooDeep(maxDepth, '_payload'))
          // Upload collections check their fields themselves, naming the field (e.g. a NUL in `alt`).
          if (value && !upload) {
            let parsed: unknown
            try {
              parsed = JSON.parse(value.toString('utf8'))
            } catch {
              return next(new HttpError(ERRORS.INVALID_JSON, 'The _payload field is not valid JSON.', '_payload'))
            }
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || hasNul(parsed)) {
              return next(
                new HttpError(
                  ERRORS.INVALID_JSON,
                  'The _payload field must be a JSON object without NUL characters.',
                  '_payload',
                ),
              )
            }
          }
          res.locals.replayBody = body
          next()
        }),
      )
    }
    // Bound to this request's async context (requestContext): body-parser calls back from the socket's.
    raw(
      req,
      res,
      AsyncResource.bind((error?: unknown) => {
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
        if (/^text\/csv/i.test(type) && csvPaths.includes(req.path)) {
          if (body.includes(0)) return next(new HttpError(ERRORS.BAD_REQUEST, 'The CSV contains NUL characters.'))
          return next()
        }
        // Payload's admin panel sends long reads as POST with a form-encoded query and a method override.
        if (isMethodOverride(req) && /^application\/x-www-form-urlencoded/i.test(type)) return next()
        if (!/json/i.test(type)) return next(unsupported())
        if (jsonDepth(body, maxDepth) > maxDepth) return next(tooDeep(maxDepth))
        let parsed: unknown
        try {
          parsed = JSON.parse(body.toString('utf8'))
        } catch {
          return next(new HttpError(ERRORS.INVALID_JSON))
        }
        if (hasNul(parsed))
          return next(new HttpError(ERRORS.INVALID_JSON, 'Text may not contain NUL (\\u0000) characters.'))
        const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        if (!isObject && !(req.path === graphqlPath && Array.isArray(parsed))) {
          return next(new HttpError(ERRORS.INVALID_JSON, 'The request body must be a JSON object.'))
        }
        if (isMethodOverride(req) && req.path !== graphqlPath) {
          // A read sent as POST with a JSON body: Payload would ignore the JSON and list everything (or fail
          // on a record it cannot load). The JSON is the query instead, form-encoded as the admin panel sends
          // it, so queryGuard checks it like any query string.
          res.locals.replayBody = Buffer.from(qs.stringify(parsed))
          req.headers['content-type'] = 'application/x-www-form-urlencoded'
          return next()
        }
        res.locals.json = parsed
        // Payload reads JSON only under exactly this type (not "application/json, text/plain" and the like).
        req.headers['content-type'] = 'application/json'
        next()
      }),
    )
  }
}
