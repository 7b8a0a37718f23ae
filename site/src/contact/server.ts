/**
 * `POST /api/contact`: the contact form's server half. Two kinds of caller:
 *
 * - a browser without JavaScript posts the form (urlencoded) and gets a 303 back to the page
 *   it came from, with `?sent=1` or `?error=<code>` (plus `retry=<seconds>` when rate limited),
 *   so the page can say what happened;
 * - the enhancer (and any API client) sends JSON or asks for JSON (`Accept: application/json`)
 *   and gets `{ ok: true }` or `{ ok: false, errors: [{ field?, message, code }] }` with the
 *   status that fits: 400 invalid, 429 rate limited (Retry-After passed on), 502 the CMS
 *   answered wrongly, 503 the CMS could not be reached.
 *
 * The honeypot (`website`) and `formStartedAt` are forwarded untouched for the CMS's guard to
 * judge. Nothing here keeps state, so any number of site processes can serve the form.
 */
import { z } from 'zod'

import { errorEntry, ERRORS, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'

import { CmsError, CmsHttpError, CmsNetworkError, CmsTimeoutError, type Cms } from '../cms/index.ts'
import type { InquiryInput } from '../cms/schemas/inquiry.ts'
import { parseStartedAt } from '@mspn/contract/contact'

import { BUDGETS, LIMITS, checkField, type ContactField } from './rules.ts'
import { errorItem, jsonResponse, mediaTypeOf, readBodyText, requestIdOf, type ErrorItem } from '../server/responses.ts'

/** Room for a 5000-character message in any script, plus the other fields. */
export const MAX_BODY_BYTES = 32 * 1024
/** Where a form goes back to when it did not say (or said something unsafe). */
export const FALLBACK_PAGE = '/'

/** Short, stable codes for `?error=` on the no-JavaScript path; the page turns them into sentences. */
export type ContactErrorCode = 'validation' | 'rate_limited' | 'spam' | 'too_fast' | 'unavailable' | 'failed'

export type ContactOutcome =
  | { ok: true }
  | { ok: false; status: number; errors: ErrorItem[]; redirectCode: ContactErrorCode; retryAfterSeconds?: number }

type Logger = (fields: Record<string, unknown>, message: string) => void

export interface ContactDeps {
  cms: Pick<Cms, 'createInquiry'>
  /** Where failures are logged (one JSON line each). Default: stderr. */
  logError?: Logger
}

/**
 * A same-site path to send the visitor back to: it must start with a single `/`, resolve on
 * this origin and carry no control characters or backslashes (which some browsers read as
 * `/`). Query and fragment are dropped; anything else gives `FALLBACK_PAGE`.
 */
export function safeSourcePage(value: unknown): string {
  if (typeof value !== 'string') return FALLBACK_PAGE
  const candidate = value.trim()
  if (candidate === '' || candidate.length > LIMITS.sourcePage) return FALLBACK_PAGE
  if (!candidate.startsWith('/') || candidate.startsWith('//') || hasUnsafeCharacter(candidate)) return FALLBACK_PAGE
  const probe = 'http://site.invalid'
  let url: URL
  try {
    url = new URL(candidate, probe)
  } catch {
    return FALLBACK_PAGE
  }
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser would read as another host.
  return url.origin === probe && !url.pathname.startsWith('//') ? url.pathname : FALLBACK_PAGE
}

/** Backslashes (read as `/` by browsers) and control characters (header splitting, hidden tricks). */
function hasUnsafeCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code === 0x5c || code < 0x20 || code === 0x7f) return true
  }
  return false
}

/** Absent or null reads as '' so the message is the friendly one ("Please tell us your name."), not a type error. */
const trimmed = z.preprocess((value) => (typeof value === 'string' ? value.trim() : (value ?? '')), z.string())
const optionalTrimmed = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
  z.string().optional(),
)

/** A field passes when `checkField` (shared with the browser) has nothing to say about it. */
const ruled = (field: ContactField) => (value: string | undefined, ctx: z.RefinementCtx) => {
  const message = checkField(field, value)
  if (message !== null) ctx.addIssue({ code: 'custom', message })
}

/** The visitor's fields; the form's own hidden fields are read by `validateContact` as they are. */
export const contactSchema = z.object({
  name: trimmed.superRefine(ruled('name')),
  email: trimmed.superRefine(ruled('email')),
  company: optionalTrimmed.superRefine(ruled('company')),
  message: trimmed.superRefine(ruled('message')),
  budget: optionalTrimmed.pipe(z.enum(BUDGETS, { error: 'Please pick one of the budget ranges.' }).optional()),
})

export type ContactSubmission = z.output<typeof contactSchema> & {
  sourcePage: string
  /** The honeypot as sent (cut to 500 characters); undefined when the field was absent. */
  website?: string
  formStartedAt?: number
}

/** Validates parsed input; field errors name the form's field. */
export function validateContact(
  input: Record<string, unknown>,
): { ok: true; data: ContactSubmission } | { ok: false; errors: ErrorItem[] } {
  const result = contactSchema.safeParse(input)
  if (result.success) {
    const website = typeof input.website === 'string' ? input.website.slice(0, LIMITS.honeypot) : undefined
    const formStartedAt = parseStartedAt(input.formStartedAt)
    return {
      ok: true,
      data: {
        ...result.data,
        sourcePage: safeSourcePage(input.sourcePage),
        ...(website !== undefined ? { website } : {}),
        ...(formStartedAt !== undefined ? { formStartedAt } : {}),
      },
    }
  }
  const errors = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.')
    return errorItem(ERRORS.VALIDATION_ERROR, issue.message, field)
  })
  return { ok: false, errors }
}

const TOO_LONG = 'The message is too long to send.'

export type ParsedRequest =
  | { kind: 'ok'; wantsJson: boolean; fields: Record<string, unknown> }
  | { kind: 'error'; wantsJson: boolean; status: number; error: ErrorItem; sourcePage: string }

/** Reads the body by its media type. JSON callers are answered in JSON; forms are redirected. */
export async function parseContactRequest(request: Request): Promise<ParsedRequest> {
  const type = mediaTypeOf(request)
  const isJson = type === 'application/json' || type.endsWith('+json')
  const wantsJson = isJson || (request.headers.get('accept') ?? '').includes('application/json')
  const fail = (entry: ErrorEntry<ErrorCode>, message?: string): ParsedRequest => ({
    kind: 'error',
    wantsJson,
    status: entry.status,
    error: errorItem(entry, message),
    sourcePage: FALLBACK_PAGE,
  })

  if (!isJson && type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    return fail(ERRORS.UNSUPPORTED_MEDIA_TYPE, 'Send the form as application/x-www-form-urlencoded or JSON.')
  }
  if (type === 'multipart/form-data') {
    const declared = Number(request.headers.get('content-length') ?? '0')
    if (declared > MAX_BODY_BYTES) return fail(ERRORS.PAYLOAD_TOO_LARGE, TOO_LONG)
    try {
      const form = await request.formData()
      const fields: Record<string, unknown> = {}
      for (const [key, value] of form) if (typeof value === 'string') fields[key] = value
      return { kind: 'ok', wantsJson, fields }
    } catch {
      return fail(ERRORS.INVALID_BODY)
    }
  }
  const text = await readBodyText(request, MAX_BODY_BYTES)
  if (text === null) return fail(ERRORS.PAYLOAD_TOO_LARGE, TOO_LONG)
  if (!isJson) return { kind: 'ok', wantsJson, fields: Object.fromEntries(new URLSearchParams(text)) }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return fail(ERRORS.INVALID_JSON, 'The body is not valid JSON.')
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return fail(ERRORS.INVALID_BODY, 'Send one JSON object with the form fields.')
  }
  return { kind: 'ok', wantsJson, fields: json as Record<string, unknown> }
}

/** What the CMS is sent: empty optional fields left out, anti-spam fields passed through. */
export function toInquiry(data: ContactSubmission): InquiryInput {
  return {
    name: data.name,
    email: data.email,
    message: data.message,
    sourcePage: data.sourcePage,
    ...(data.company !== undefined ? { company: data.company } : {}),
    ...(data.budget !== undefined ? { budget: data.budget } : {}),
    ...(data.website !== undefined ? { website: data.website } : {}),
    ...(data.formStartedAt !== undefined ? { formStartedAt: data.formStartedAt } : {}),
  }
}

const UNAVAILABLE: ErrorItem = errorItem(
  ERRORS.UNAVAILABLE,
  'We could not send your message just now. Please try again in a few minutes, or email us.',
)

/** Maps what the CMS client threw to the answer the visitor gets. */
export function outcomeOfCmsError(error: unknown): ContactOutcome {
  if (error instanceof CmsHttpError) {
    if (error.status === 429) {
      const seconds = error.retryAfterMs !== undefined ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : undefined
      return {
        ok: false,
        status: ERRORS.RATE_LIMITED.status,
        errors: [
          errorItem(
            ERRORS.RATE_LIMITED,
            'You have sent several messages recently. Please try again later, or email us.',
          ),
        ],
        redirectCode: 'rate_limited',
        ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
      }
    }
    if (error.code === ERRORS.SPAM_SUSPECTED.code) {
      // The CMS's own words are not passed on: the visitor gets the catalogue's.
      return {
        ok: false,
        status: ERRORS.SPAM_SUSPECTED.status,
        errors: [errorItem(ERRORS.SPAM_SUSPECTED)],
        redirectCode: 'spam',
      }
    }
    if (error.code === ERRORS.TOO_FAST.code) {
      return {
        ok: false,
        status: ERRORS.TOO_FAST.status,
        errors: [errorItem(ERRORS.TOO_FAST, error.message)],
        redirectCode: 'too_fast',
      }
    }
    if (error.status === 400 || error.status === 422) {
      // Payload's own validation (e.g. a rule this site does not know yet): its field names are the form's;
      // a code this site does not know (a newer CMS) is passed on as a validation error.
      const errors = error.errors.map(({ message, code, field }) =>
        errorItem(errorEntry(code) ?? ERRORS.VALIDATION_ERROR, message, field),
      )
      return { ok: false, status: 400, errors, redirectCode: 'validation' }
    }
    if (error.status === 503) return { ok: false, status: 503, errors: [UNAVAILABLE], redirectCode: 'unavailable' }
    // Any other refusal (403, 413, 500…) is this site's or the CMS's fault, not the visitor's.
    return { ok: false, status: 502, errors: [UNAVAILABLE], redirectCode: 'unavailable' }
  }
  if (error instanceof CmsNetworkError || error instanceof CmsTimeoutError) {
    return { ok: false, status: 503, errors: [UNAVAILABLE], redirectCode: 'unavailable' }
  }
  return { ok: false, status: 502, errors: [UNAVAILABLE], redirectCode: 'failed' }
}

/** Validates and forwards one submission. Never throws. */
export async function submitContact(
  fields: Record<string, unknown>,
  deps: ContactDeps,
  requestId: string,
): Promise<ContactOutcome> {
  const checked = validateContact(fields)
  if (!checked.ok) return { ok: false, status: 400, errors: checked.errors, redirectCode: 'validation' }
  try {
    await deps.cms.createInquiry(toInquiry(checked.data), { requestId })
    return { ok: true }
  } catch (error) {
    const outcome = outcomeOfCmsError(error)
    if (!outcome.ok && outcome.status >= 500) {
      ;(deps.logError ?? logToStderr)(
        {
          requestId,
          error: error instanceof Error ? error.name : typeof error,
          message: error instanceof Error ? error.message : String(error),
          ...(error instanceof CmsError ? { cmsRequestId: error.requestId, status: error.status } : {}),
        },
        'contact form could not reach the CMS',
      )
    }
    return outcome
  }
}

function logToStderr(fields: Record<string, unknown>, message: string): void {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: message, ...fields }))
}

/** `/contact?sent=1#contact-form`, or `?error=…` (and `retry=` seconds when known). */
export function redirectTarget(sourcePage: string, outcome: ContactOutcome): string {
  const params = new URLSearchParams()
  if (outcome.ok) params.set('sent', '1')
  else {
    params.set('error', outcome.redirectCode)
    if (outcome.retryAfterSeconds !== undefined) params.set('retry', String(outcome.retryAfterSeconds))
  }
  return `${sourcePage}?${params.toString()}#contact-form`
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } })
}

/** The whole endpoint, independent of Astro so it can be tested with a plain Request. */
export async function handleContact(request: Request, deps: ContactDeps): Promise<Response> {
  const requestId = requestIdOf(request)
  const parsed = await parseContactRequest(request)
  if (parsed.kind === 'error') {
    if (!parsed.wantsJson)
      return redirect(
        redirectTarget(parsed.sourcePage, {
          ok: false,
          status: parsed.status,
          errors: [parsed.error],
          redirectCode: 'failed',
        }),
      )
    return jsonResponse(parsed.status, { ok: false, errors: [parsed.error], requestId }, { 'x-request-id': requestId })
  }
  const outcome = await submitContact(parsed.fields, deps, requestId)
  if (!parsed.wantsJson) return redirect(redirectTarget(safeSourcePage(parsed.fields.sourcePage), outcome))
  if (outcome.ok) return jsonResponse(200, { ok: true }, { 'x-request-id': requestId })
  const headers: Record<string, string> = { 'x-request-id': requestId }
  if (outcome.retryAfterSeconds !== undefined) headers['retry-after'] = String(outcome.retryAfterSeconds)
  else if (outcome.status === 503) headers['retry-after'] = '30'
  return jsonResponse(outcome.status, { ok: false, errors: outcome.errors, requestId }, headers)
}
