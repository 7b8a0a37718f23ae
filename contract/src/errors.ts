/**
 * The error catalogue: every code either side puts in the one error shape
 * `{ "errors": [{ "message", "field"?, "code" }], "requestId" }`, with its HTTP status, the
 * message sent when the call site has nothing more precise to say, and a hint for the person who
 * sees it (what to do next). Declared here only: the CMS throws and answers from these entries, the
 * site reads the codes it gets with them, the OpenAPI document lists them. A test fails if a code is
 * used that is not here, or an entry is used by neither side.
 */

export interface ErrorEntry<C extends string = string> {
  readonly code: C
  readonly status: number
  readonly message: string
  readonly hint: string
  /** Answered by the site's own endpoints and pages only, never by the CMS API (left out of its OpenAPI document). */
  readonly siteOnly?: boolean
}

const CATALOGUE = {
  // --- Any route: the code for a status when nothing more precise applies (codeForStatus).
  BAD_REQUEST: {
    status: 400,
    message: 'The request is malformed.',
    hint: 'Check the request against the API description (/api/v1/openapi.json) and send it again.',
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Authentication is missing, invalid or expired.',
    hint: 'Sign in again, or send a valid API key in the Authorization header.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'You are not allowed to perform this action.',
    hint: 'Sign in with an account that may do this, or ask an administrator for access.',
  },
  NOT_FOUND: {
    status: 404,
    message: 'The document does not exist or is not visible to you.',
    hint: 'Check the address or ID; the document may have been deleted or unpublished.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'This method is not allowed here.',
    hint: 'Use one of the methods the API description lists for this path.',
  },
  CONFLICT: {
    status: 409,
    message: 'The request conflicts with the current state of the document.',
    hint: 'Reload the document, apply your change again and save.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request body is too large.',
    hint: 'Send less at once: a smaller file, shorter text or fewer documents per request.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Send the body as application/json (or multipart/form-data for uploads).',
    hint: 'Set the Content-Type header to match the body; upload images as PNG, JPEG, WebP, AVIF or GIF.',
  },
  LOCKED: {
    status: 423,
    message: 'The document is being edited by someone else.',
    hint: 'Wait until the other editor is done, or take the document over in the admin panel.',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests. Please slow down and try again shortly.',
    hint: 'Wait the number of seconds in the Retry-After header, then try again.',
  },
  INTERNAL: {
    status: 500,
    message: 'Something went wrong. Please try again; if it persists, contact us with the request ID.',
    hint: 'Try again; if it keeps happening, report it with the request ID so the logs can be searched.',
  },
  UNAVAILABLE: {
    status: 503,
    message: 'The service is temporarily unavailable. Please try again shortly.',
    hint: 'Try again in a minute; the operator is told when a dependency (database, Redis) is down.',
  },

  // --- Request limits and input guards (cms server middleware, GraphQL guard).
  TIMEOUT: {
    status: 503,
    message: 'The server took too long to answer. Please try again.',
    hint: 'Try again; if a large upload times out, send a smaller file or use a faster connection.',
  },
  INVALID_JSON: {
    status: 400,
    message: 'The request body is not valid JSON.',
    hint: 'Send one JSON object, encoded as UTF-8, without NUL characters.',
  },
  INVALID_QUERY: {
    status: 400,
    message: 'The query string is not valid.',
    hint: 'Correct the query parameter named in `field` (see the API description for its form and limits).',
  },
  BODY_TOO_DEEP: {
    status: 400,
    message: 'The request is nested too deeply.',
    hint: 'Flatten the data or the GraphQL query: fewer levels of nested objects, arrays or selections.',
  },
  CSRF_REFUSED: {
    status: 403,
    message:
      'Changes made with a session cookie are accepted only from the CMS and its allowed origins. Use an API key from elsewhere.',
    hint: 'Make the change in the admin panel, or call the API with an API key instead of a browser session.',
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    message: 'The GraphQL document cannot be parsed.',
    hint: 'Fix the syntax error the message points to; the GraphQL playground shows it as you type.',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    message: 'The GraphQL request is not valid for this schema.',
    hint: 'Check field names, arguments and variables against the schema, and name one operation.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'The database is unavailable right now. Please try again shortly.',
    hint: 'Try again after the Retry-After delay; the database is unreachable, locked or slow.',
  },

  // --- Content rules (collection hooks, Payload validation).
  VALIDATION_ERROR: {
    status: 400,
    message: 'Some values are not valid.',
    hint: 'Correct the field named in the error and send it again.',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    message: 'The image has too many pixels.',
    hint: 'Scale the image down (or use fewer animation frames) and upload it again.',
  },
  SPAM_SUSPECTED: {
    status: 400,
    message: 'Your message could not be accepted.',
    hint: 'If this is a mistake, write to us by email instead.',
  },
  TOO_FAST: {
    status: 400,
    message: 'That was quick! Please take a moment to check your message, then send it again.',
    hint: 'Wait a few seconds after opening the form before sending it.',
  },
  INVALID_SCHEDULE: {
    status: 400,
    message: 'The schedule is not valid.',
    hint: 'Send { "action": "publish" | "unpublish", "at": "<ISO time with a time zone, in the future, within a year>" }.',
  },

  REDIRECT_LOOP: {
    status: 400,
    message: 'This redirect would send visitors in a loop.',
    hint: 'Point the redirect at the final page, or change the redirect that leads back to this path.',
  },
  REDIRECT_HOST_NOT_ALLOWED: {
    status: 400,
    message: 'Redirects to this host are not allowed.',
    hint: 'Use a path on this site, or ask an administrator to add the host to REDIRECT_ALLOWED_HOSTS.',
  },

  // --- Draft preview (cms GET /api/v1/preview; the site's /preview shows them to the editor).
  PREVIEW_DISABLED: {
    status: 503,
    message: 'Draft preview is not configured on this server (PREVIEW_SECRET).',
    hint: 'Set the same PREVIEW_SECRET on the CMS and the site, then restart both.',
  },
  PREVIEW_TOKEN_MISSING: {
    status: 401,
    message: 'This preview link has no token. Open the preview from the admin panel again.',
    hint: 'Open the preview from the document in the admin panel; copied links lose their token.',
  },
  PREVIEW_TOKEN_MALFORMED: {
    status: 401,
    message: 'This preview link is not valid. Open the preview from the admin panel again.',
    hint: 'The link is incomplete: open the preview again from the admin panel.',
  },
  PREVIEW_TOKEN_BAD_SIGNATURE: {
    status: 401,
    message: 'This preview link is not valid. Open the preview from the admin panel again.',
    hint: 'The link was altered, or the CMS and the site have different PREVIEW_SECRETs.',
  },
  PREVIEW_TOKEN_EXPIRED: {
    status: 401,
    message: 'This preview link has expired. Open the preview from the admin panel again.',
    hint: 'Preview links work for half an hour: open the preview again from the admin panel.',
  },
  PREVIEW_TOKEN_UNKNOWN_USER: {
    status: 401,
    message: 'The account that opened this preview no longer exists.',
    hint: 'Sign in with your own account and open the preview again.',
  },

  // --- The site's POST /_cache/invalidate: the CMS's webhook signature (contract/signature.ts) refused.
  SIGNATURE_MISSING: {
    status: 401,
    message: 'The request is not signed.',
    hint: 'Only the CMS calls this endpoint; it signs every call when REVALIDATE_SECRET is set on it.',
    siteOnly: true,
  },
  SIGNATURE_MALFORMED: {
    status: 401,
    message: 'The signature header is malformed.',
    hint: "Sign with the contract's signPayload; a hand-written header must follow its format exactly.",
    siteOnly: true,
  },
  SIGNATURE_MISMATCH: {
    status: 401,
    message: 'The signature does not match the body.',
    hint: 'Give the CMS and the site the same REVALIDATE_SECRET, and send the body exactly as signed.',
    siteOnly: true,
  },
  SIGNATURE_STALE: {
    status: 401,
    message: 'The signature is too old; the request may be a replay.',
    hint: 'Check that the CMS and site clocks agree (NTP); a retried call is signed afresh.',
    siteOnly: true,
  },
  SIGNATURE_FUTURE: {
    status: 401,
    message: 'The signature is dated in the future; check the clocks.',
    hint: 'Synchronise the CMS and site clocks (NTP).',
    siteOnly: true,
  },

  // --- The site's own endpoints (contact form, cache invalidation) and pages.
  INVALID_BODY: {
    status: 400,
    message: 'The form could not be read.',
    hint: 'Send the form fields as one JSON object or as application/x-www-form-urlencoded.',
    siteOnly: true,
  },
  NOT_CONFIGURED: {
    status: 503,
    message: 'Cache invalidation is not configured on this site.',
    hint: "Set REVALIDATE_SECRET on the site, the same value as the CMS's, then restart it.",
    siteOnly: true,
  },
  CMS_UNAVAILABLE: {
    status: 503,
    message: 'We could not load its content just now. Please try again in a minute.',
    hint: 'Reload the page in a minute; if it persists, the content service is down.',
    siteOnly: true,
  },
} as const satisfies Record<string, Omit<ErrorEntry, 'code'>>

export type ErrorCode = keyof typeof CATALOGUE

/** Every entry, by code; each carries its own `code`, so `ERRORS.TOO_FAST.code` is the literal. */
export const ERRORS = Object.freeze(
  Object.fromEntries(Object.entries(CATALOGUE).map(([code, entry]) => [code, Object.freeze({ code, ...entry })])),
) as { readonly [C in ErrorCode]: ErrorEntry<C> & (typeof CATALOGUE)[C] }

export const ERROR_CODES = Object.keys(CATALOGUE) as ErrorCode[]

/** The codes the CMS API may answer with (what its OpenAPI document lists). */
export const API_ERROR_CODES: readonly ErrorCode[] = ERROR_CODES.filter(
  (code) => !(ERRORS[code] as ErrorEntry).siteOnly,
)

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(CATALOGUE, value)
}

/** The entry for a code from elsewhere (an answer, a log), if it is one of ours. */
export function errorEntry(code: unknown): ErrorEntry<ErrorCode> | undefined {
  return isErrorCode(code) ? ERRORS[code] : undefined
}
