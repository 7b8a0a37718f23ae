/**
 * The contact form's checks and messages, in one place for the browser (inline validation in the
 * enhancer) and the server (`./server.ts`). The rules themselves (budgets, lengths) come from
 * the shared contract, which the CMS's Inquiries collection, the final judge, reads too. Ships to
 * the browser: only the browser-safe contract entries (contact rules, error catalogue) are imported.
 */
import { CONTACT_BUDGET_LABELS, CONTACT_BUDGETS, CONTACT_LIMITS, type ContactBudget } from '@mspn/contract/contact'
import { ERRORS, isErrorCode, type ErrorCode } from '@mspn/contract/errors'

export const BUDGETS = CONTACT_BUDGETS
export type Budget = ContactBudget
export const BUDGET_LABELS = CONTACT_BUDGET_LABELS
export const LIMITS = CONTACT_LIMITS

/** Deliberately loose (one @, a dot in the domain, no spaces): the CMS checks again, and real addresses vary. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export type ContactField = 'name' | 'email' | 'company' | 'message' | 'budget'

export interface ContactValues {
  name: string
  email: string
  company?: string
  message: string
  budget?: string
}

export function isEmail(value: string): boolean {
  return value.length <= LIMITS.email && EMAIL.test(value)
}

export function isBudget(value: unknown): value is Budget {
  return typeof value === 'string' && (BUDGETS as readonly string[]).includes(value)
}

/** The message for one field, or null when it is fine. Values are trimmed first. */
export function checkField(field: ContactField, raw: string | undefined): string | null {
  const value = (raw ?? '').trim()
  switch (field) {
    case 'name':
      if (value === '') return 'Please tell us your name.'
      return value.length > LIMITS.name ? `Please keep your name under ${LIMITS.name} characters.` : null
    case 'email':
      if (value === '') return 'Please give an email address so we can reply.'
      return isEmail(value) ? null : 'That email address does not look right (for example: ada@example.com).'
    case 'company':
      return value.length > LIMITS.company ? `Please keep the company name under ${LIMITS.company} characters.` : null
    case 'message':
      if (value.length < LIMITS.messageMin)
        return `Please write at least ${LIMITS.messageMin} characters about your project.`
      return value.length > LIMITS.message ? `Please keep your message under ${LIMITS.message} characters.` : null
    case 'budget':
      return value === '' || isBudget(value) ? null : 'Please pick one of the budget ranges.'
  }
}

/** Every problem, in form order; empty when the values can be sent. */
export function checkContact(values: ContactValues): { field: ContactField; message: string }[] {
  const fields: ContactField[] = ['name', 'email', 'company', 'message', 'budget']
  const problems: { field: ContactField; message: string }[] = []
  for (const field of fields) {
    const message = checkField(field, values[field])
    if (message !== null) problems.push({ field, message })
  }
  return problems
}

/** "You have sent several messages…" in whole minutes, at least one. */
export function retryMinutes(retryAfterSeconds: number | null | undefined): number | null {
  if (
    retryAfterSeconds === null ||
    retryAfterSeconds === undefined ||
    !Number.isFinite(retryAfterSeconds) ||
    retryAfterSeconds <= 0
  )
    return null
  return Math.max(1, Math.ceil(retryAfterSeconds / 60))
}

export function rateLimitedMessage(retryAfterSeconds: number | null | undefined, email?: string | null): string {
  const minutes = retryMinutes(retryAfterSeconds)
  const when = minutes === null ? 'a little later' : `in ${minutes} minute${minutes === 1 ? '' : 's'}`
  const contact = email ? `email us at ${email}` : 'email us'
  return `You have sent several messages recently — please try again ${when} or ${contact}.`
}

/** The `?error=` codes the endpoint redirects with, and the JSON codes it answers with. */
export type ContactStatusCode =
  'validation' | 'rate_limited' | 'spam' | 'too_fast' | 'unavailable' | 'failed' | 'offline'

const JSON_CODES: Partial<Record<ErrorCode, ContactStatusCode>> = {
  [ERRORS.VALIDATION_ERROR.code]: 'validation',
  [ERRORS.RATE_LIMITED.code]: 'rate_limited',
  [ERRORS.SPAM_SUSPECTED.code]: 'spam',
  [ERRORS.TOO_FAST.code]: 'too_fast',
  [ERRORS.UNAVAILABLE.code]: 'unavailable',
}

/** A sentence for the visitor for each outcome code (unknown codes read as 'failed'). */
export function statusMessage(
  code: string | null | undefined,
  context: { retryAfterSeconds?: number | null; email?: string | null } = {},
): string {
  const emailUs = context.email ? `email us at ${context.email}` : 'email us'
  switch (code) {
    case 'validation':
      return 'Some details are missing or need a second look. Please check the form and send it again.'
    case 'rate_limited':
      return rateLimitedMessage(context.retryAfterSeconds, context.email)
    case 'spam':
      return `Your message could not be accepted. If this is a mistake, please ${emailUs}.`
    case 'too_fast':
      return 'That was quick! Please take a moment to check your message, then send it again.'
    case 'offline':
      return `We could not reach the server. Please check your connection and try again, or ${emailUs}.`
    default:
      return `We could not send your message just now. Please try again in a few minutes, or ${emailUs}.`
  }
}

export type ContactReply =
  | { kind: 'sent' }
  | { kind: 'fields'; errors: { field: ContactField; message: string }[]; message: string }
  | { kind: 'message'; code: ContactStatusCode; message: string }

const FORM_FIELDS: readonly string[] = ['name', 'email', 'company', 'message', 'budget']

/** Reads the endpoint's JSON answer into what the form should show. */
export function interpretContactReply(
  status: number,
  body: unknown,
  retryAfter: string | null,
  email?: string | null,
): ContactReply {
  if (status >= 200 && status < 300) return { kind: 'sent' }
  const errors = Array.isArray((body as { errors?: unknown } | null)?.errors)
    ? ((body as { errors: unknown[] }).errors as Record<string, unknown>[])
    : []
  if (status === 429) {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : null
    return {
      kind: 'message',
      code: 'rate_limited',
      message: statusMessage('rate_limited', { retryAfterSeconds: seconds, email }),
    }
  }
  const fieldErrors = errors
    .filter(
      (item) => typeof item.field === 'string' && FORM_FIELDS.includes(item.field) && typeof item.message === 'string',
    )
    .map((item) => ({ field: item.field as ContactField, message: item.message as string }))
  if (status === 400 && fieldErrors.length > 0) {
    return { kind: 'fields', errors: fieldErrors, message: statusMessage('validation') }
  }
  const first = errors[0]
  const code =
    typeof first?.code === 'string'
      ? ((isErrorCode(first.code) ? JSON_CODES[first.code] : undefined) ?? 'failed')
      : status >= 500
        ? 'unavailable'
        : 'failed'
  return { kind: 'message', code, message: statusMessage(code, { email }) }
}
