/**
 * How the site's own endpoints answer: JSON, never cached, and errors in the project's one
 * shape `{ errors: [{ message, field?, code }], requestId }`, never with a stack trace.
 * Codes, statuses and default messages come from the catalogue (@mspn/contract/errors).
 */
import type { ErrorCode, ErrorEntry } from '@mspn/contract/errors'

export interface ErrorItem {
  message: string
  code: ErrorCode
  field?: string
}

/** One item: the entry's code, and its message unless the call site says more (a field, a limit). */
export function errorItem(entry: ErrorEntry<ErrorCode>, message: string = entry.message, field?: string): ErrorItem {
  return { message, code: entry.code, ...(field ? { field } : {}) }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/

/** The caller's X-Request-Id when it is plausible (a proxy or the CMS set it), else a new one. */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id')
  return incoming !== null && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID()
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })
}

export function errorResponse(
  status: number,
  errors: ErrorItem[],
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { errors, requestId }, { 'x-request-id': requestId, ...headers })
}

/** Answers with one catalogue entry: its status and code, its message unless a more precise one is given. */
export function refusal(entry: ErrorEntry<ErrorCode>, requestId: string, message?: string): Response {
  return errorResponse(entry.status, [errorItem(entry, message)], requestId)
}

/**
 * The body as text, refusing more than `maxBytes` (by Content-Length when sent, and again by
 * what actually arrived). Null means too large.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (Number.isFinite(declared) && declared > maxBytes) return null
  const text = await request.text()
  return Buffer.byteLength(text, 'utf8') > maxBytes ? null : text
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}
