/**
 * The one error shape: `{ "errors": [{ "message", "field"?, "code" }], "requestId" }`.
 * Codes, statuses and default messages come from the catalogue (@mspn/contract/errors).
 * Our routes throw HttpError; Payload's own error bodies are rewritten into it (payloadApi).
 */
import { ERRORS, isErrorCode, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'
import type { NextFunction, Request, Response } from 'express'
import type { Logger } from 'pino'

import { isDatabaseUnavailable } from '../database'

export interface ErrorItem {
  message: string
  field?: string
  code: ErrorCode
}

/** A catalogue entry, as call sites pass it around. */
export type CodedEntry = ErrorEntry<ErrorCode>

/** The entry a bare status stands for, when nothing more precise applies. */
const BY_STATUS = new Map<number, CodedEntry>(
  [
    ERRORS.BAD_REQUEST,
    ERRORS.UNAUTHORIZED,
    ERRORS.FORBIDDEN,
    ERRORS.NOT_FOUND,
    ERRORS.METHOD_NOT_ALLOWED,
    ERRORS.CONFLICT,
    ERRORS.PAYLOAD_TOO_LARGE,
    ERRORS.UNSUPPORTED_MEDIA_TYPE,
    ERRORS.LOCKED,
    ERRORS.RATE_LIMITED,
    ERRORS.INTERNAL,
    ERRORS.UNAVAILABLE,
  ].map((entry) => [entry.status, entry]),
)

/** The database is unreachable, locked or too slow: a retry later may succeed (see isDatabaseUnavailable). */
export const DATABASE_UNAVAILABLE = { ...ERRORS.DATABASE_UNAVAILABLE, retryAfterSeconds: 5 } as const

/** 5xx codes whose message we wrote ourselves and may show; every other 5xx body is generic. */
const PUBLIC_SERVER_CODES = new Set<string>([DATABASE_UNAVAILABLE.code])

export function errorForStatus(status: number): CodedEntry {
  return BY_STATUS.get(status) ?? (status >= 500 ? ERRORS.INTERNAL : ERRORS.BAD_REQUEST)
}

export function codeForStatus(status: number): ErrorCode {
  return errorForStatus(status).code
}

/** One item of the envelope: the entry's code, and its message unless the call site says more (a field, a limit). */
export function errorItem(entry: CodedEntry, message: string = entry.message, field?: string): ErrorItem {
  return { message, code: entry.code, ...(field ? { field } : {}) }
}

export class HttpError extends Error {
  readonly status: number
  readonly code: ErrorCode

  constructor(
    entry: CodedEntry,
    message: string = entry.message,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'HttpError'
    this.status = entry.status
    this.code = entry.code
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

/** Answers with one catalogue entry: its status and code, its message unless a more precise one is given. */
export function refuse(res: Response, entry: CodedEntry, message?: string, field?: string): void {
  sendError(res, entry.status, [errorItem(entry, message, field)])
}

interface PayloadErrorBody {
  message?: string
  errors?: {
    message?: string
    name?: string
    code?: unknown
    data?: { errors?: { path?: string; message?: string; code?: string }[] }
  }[]
}

const GENERIC_SERVER_ERROR = ERRORS.INTERNAL.message

/** Rewrites whatever Payload answered with (validation errors, `{ message }`, …) into error items. */
export function normalizePayloadError(status: number, body: unknown): ErrorItem[] {
  const code = codeForStatus(status)
  const parsed = (body ?? {}) as PayloadErrorBody
  if (status >= 500) {
    const known = parsed.errors?.find((error) => error.name !== undefined && PUBLIC_SERVER_CODES.has(error.name))
    return [
      known && isErrorCode(known.name)
        ? { message: known.message ?? GENERIC_SERVER_ERROR, code: known.name }
        : { message: GENERIC_SERVER_ERROR, code },
    ]
  }
  const items: ErrorItem[] = []
  for (const error of parsed.errors ?? []) {
    const fieldErrors = error.data?.errors ?? []
    if (fieldErrors.length > 0) {
      for (const fieldError of fieldErrors) {
        // A field error keeps its own code (e.g. UNSUPPORTED_MEDIA_TYPE on a 415), else it is a validation error.
        const fieldCode = isErrorCode(fieldError.code) ? fieldError.code : ERRORS.VALIDATION_ERROR.code
        items.push({ message: fieldError.message ?? 'Invalid value.', field: fieldError.path, code: fieldCode })
      }
    } else {
      // Our own endpoints (e.g. the preview endpoint) name a precise code; Payload's errors do not.
      const own = isErrorCode(error.code) ? error.code : code
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
      sendError(res, error.status, [
        { message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) },
      ])
      return
    }
    const type = (error as { type?: string }).type
    if (type === 'entity.parse.failed') {
      refuse(res, ERRORS.INVALID_JSON)
      return
    }
    if (type === 'entity.too.large') {
      refuse(res, ERRORS.PAYLOAD_TOO_LARGE)
      return
    }
    const status = (error as { status?: number }).status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendError(res, status, [errorItem(errorForStatus(status))])
      return
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, requestId: requestIdOf(res), url: req.originalUrl }, 'database unavailable')
      if (!res.headersSent) res.setHeader('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds))
      refuse(res, DATABASE_UNAVAILABLE)
      return
    }
    logger.error({ err: error, requestId: requestIdOf(res), url: req.originalUrl }, 'unhandled error')
    // For the error report of this 500 (errorReporting.ts).
    res.locals.serverError = error
    refuse(res, ERRORS.INTERNAL)
  }
}
