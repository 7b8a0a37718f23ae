/**
 * The one error shape: `{ "errors": [{ "message", "field"?, "code" }], "requestId" }`.
 * Our routes throw HttpError; Payload's own error bodies are rewritten into it (payloadApi).
 */
import type { NextFunction, Request, Response } from 'express'
import type { Logger } from 'pino'

import { isDatabaseUnavailable } from '../database'

export interface ErrorItem {
  message: string
  field?: string
  code: string
}

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  423: 'LOCKED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
}

/** The database is unreachable, locked or too slow: a retry later may succeed (see isDatabaseUnavailable). */
export const DATABASE_UNAVAILABLE = {
  status: 503,
  code: 'DATABASE_UNAVAILABLE',
  message: 'The database is unavailable right now. Please try again shortly.',
  retryAfterSeconds: 5,
} as const

/** 5xx codes whose message we wrote ourselves and may show; every other 5xx body is generic. */
const PUBLIC_SERVER_CODES = new Set<string>([DATABASE_UNAVAILABLE.code])

export function codeForStatus(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST')
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = codeForStatus(status),
    readonly field?: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export function requestIdOf(res: Response): string | undefined {
  return res.locals.requestId as string | undefined
}

export function errorBody(res: Response, errors: ErrorItem[]) {
  return { errors, requestId: requestIdOf(res) }
}

export function sendError(res: Response, status: number, errors: ErrorItem[]): void {
  if (res.headersSent) {
    res.end()
    return
  }
  res.status(status).json(errorBody(res, errors))
}

interface PayloadErrorBody {
  message?: string
  errors?: { message?: string; name?: string; code?: unknown; data?: { errors?: { path?: string; message?: string; code?: string }[] } }[]
}

export const GENERIC_SERVER_ERROR = 'Something went wrong. Please try again; if it persists, contact us with the request ID.'

/** Rewrites whatever Payload answered with (validation errors, `{ message }`, …) into error items. */
export function normalizePayloadError(status: number, body: unknown): ErrorItem[] {
  const code = codeForStatus(status)
  const parsed = (body ?? {}) as PayloadErrorBody
  if (status >= 500) {
    const known = parsed.errors?.find((error) => error.name !== undefined && PUBLIC_SERVER_CODES.has(error.name))
    return [known ? { message: known.message ?? GENERIC_SERVER_ERROR, code: known.name as string } : { message: GENERIC_SERVER_ERROR, code }]
  }
  const items: ErrorItem[] = []
  for (const error of parsed.errors ?? []) {
    const fieldErrors = error.data?.errors ?? []
    if (fieldErrors.length > 0) {
      for (const fieldError of fieldErrors) {
        // A field error keeps its own code (e.g. UNSUPPORTED_MEDIA_TYPE on a 415), else it is a validation error.
        const fieldCode = typeof fieldError.code === 'string' && /^[A-Z_]{2,40}$/.test(fieldError.code) ? fieldError.code : 'VALIDATION_ERROR'
        items.push({ message: fieldError.message ?? 'Invalid value.', field: fieldError.path, code: fieldCode })
      }
    } else {
      // Our own endpoints (e.g. the preview endpoint) name a precise code; Payload's errors do not.
      const own = typeof error.code === 'string' && /^[A-Z][A-Z0-9_]{2,47}$/.test(error.code) ? error.code : code
      items.push({ message: error.message ?? 'Request failed.', code: own })
    }
  }
  if (items.length === 0) items.push({ message: parsed.message ?? 'Request failed.', code })
  return items
}

/** Express error middleware: known errors become 4xx envelopes, anything else a logged 500 without details. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    // Already answered 503 by the deadline (deadline.ts): the late handler's failure (headers sent) is expected.
    if (res.locals.timedOut) return
    if (error instanceof HttpError) {
      sendError(res, error.status, [{ message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) }])
      return
    }
    const type = (error as { type?: string }).type
    if (type === 'entity.parse.failed') {
      sendError(res, 400, [{ message: 'The request body is not valid JSON.', code: 'INVALID_JSON' }])
      return
    }
    if (type === 'entity.too.large') {
      sendError(res, 413, [{ message: 'The request body is too large.', code: 'PAYLOAD_TOO_LARGE' }])
      return
    }
    const status = (error as { status?: number }).status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendError(res, status, [{ message: codeForStatus(status).toLowerCase().replace(/_/g, ' '), code: codeForStatus(status) }])
      return
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, requestId: requestIdOf(res), url: req.originalUrl }, 'database unavailable')
      if (!res.headersSent) res.setHeader('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds))
      sendError(res, DATABASE_UNAVAILABLE.status, [{ message: DATABASE_UNAVAILABLE.message, code: DATABASE_UNAVAILABLE.code }])
      return
    }
    logger.error({ err: error, requestId: requestIdOf(res), url: req.originalUrl }, 'unhandled error')
    sendError(res, 500, [{ message: GENERIC_SERVER_ERROR, code: 'INTERNAL' }])
  }
}
