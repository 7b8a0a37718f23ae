/**
 * Everything the CMS client throws is a CmsError, so a page can catch one type and still
 * tell "not reachable" from "answered with an error" from "answered with the wrong shape".
 * Each carries the X-Request-Id the request was sent with, to find it in the CMS logs.
 */

/** One item of the CMS error envelope `{ errors: [{ message, field?, code }], requestId }`. */
export interface CmsErrorItem {
  message: string
  code: string
  field?: string
}

/** One problem found while checking a response against its schema. */
export interface CmsValidationIssue {
  /** Dotted path into the response, e.g. `docs.0.slug`; empty for the whole body. */
  path: string
  message: string
}

interface CmsErrorOptions {
  requestId: string
  status?: number
  cause?: unknown
}

export class CmsError extends Error {
  readonly requestId: string
  readonly status?: number

  constructor(message: string, options: CmsErrorOptions) {
    super(message, { cause: options.cause })
    this.name = 'CmsError'
    this.requestId = options.requestId
    if (options.status !== undefined) this.status = options.status
  }
}

/** An attempt took longer than `timeoutMs`. Not retried: a CMS that slow is overloaded. */
export class CmsTimeoutError extends CmsError {
  readonly timeoutMs: number

  constructor(message: string, options: CmsErrorOptions & { timeoutMs: number }) {
    super(message, options)
    this.name = 'CmsTimeoutError'
    this.timeoutMs = options.timeoutMs
  }
}

/** The caller's AbortSignal fired (e.g. the visitor closed the page). */
export class CmsAbortedError extends CmsError {
  constructor(message: string, options: CmsErrorOptions) {
    super(message, options)
    this.name = 'CmsAbortedError'
  }
}

/** No HTTP answer at all: refused, reset, DNS failure. `cause` holds the fetch error. */
export class CmsNetworkError extends CmsError {
  /** The system error code (ECONNREFUSED, ECONNRESET, …) when there is one. */
  readonly code?: string

  constructor(message: string, options: CmsErrorOptions & { code?: string }) {
    super(message, options)
    this.name = 'CmsNetworkError'
    if (options.code !== undefined) this.code = options.code
  }
}

/** The CMS answered with a non-2xx status; `code`, `message` and `field` come from its envelope. */
export class CmsHttpError extends CmsError {
  declare readonly status: number
  readonly code: string
  readonly field?: string
  /** Every item of the envelope (validation failures list one per field). */
  readonly errors: CmsErrorItem[]
  /** The server's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number

  constructor(options: CmsErrorOptions & { status: number; errors: CmsErrorItem[]; retryAfterMs?: number }) {
    const first = options.errors[0] ?? { message: `HTTP ${options.status}`, code: `HTTP_${options.status}` }
    super(first.message, options)
    this.name = 'CmsHttpError'
    this.code = first.code
    if (first.field !== undefined) this.field = first.field
    this.errors = options.errors
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
  }
}

/** A 2xx answer whose body did not match the schema the caller expects. */
export class CmsValidationError extends CmsError {
  readonly issues: CmsValidationIssue[]
  /** Path of the first failing field, e.g. `docs.0.slug`. */
  readonly field: string

  constructor(context: string, issues: CmsValidationIssue[], options: CmsErrorOptions) {
    const first = issues[0] ?? { path: '', message: 'invalid response' }
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(`${context}: ${describeIssue(first)}${more}`, options)
    this.name = 'CmsValidationError'
    this.issues = issues
    this.field = first.path
  }
}

function describeIssue(issue: CmsValidationIssue): string {
  return `${issue.path || '(body)'}: ${issue.message}`
}
