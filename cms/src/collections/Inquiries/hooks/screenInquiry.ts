/**
 * The contact form's rules, on the create operation so every door meets them (REST JSON or
 * multipart, GraphQL `createInquiry`, aliases): an anonymous submission spends the client's
 * contact budget, must leave the honeypot (`website`) empty, and must say when the form was shown
 * (`formStartedAt`, epoch ms or an ISO date) at least CONTACT_MIN_FILL_SECONDS ago. Signed-in staff
 * are exempt, and so is server code without a client (seed, scripts). Both fields are inputs
 * only: taken out of the data here, never stored or returned.
 */
import {
  CONTACT_CLOCK_SKEW_MS as CLOCK_SKEW_MS,
  CONTACT_HONEYPOT_FIELD as HONEYPOT_FIELD,
  CONTACT_STARTED_AT_FIELD as STARTED_AT_FIELD,
  parseStartedAt,
} from '@mspn/contract/contact'
import type { CollectionBeforeOperationHook } from 'payload'

import { ERRORS } from '@mspn/contract/errors'
import { clientKeyOf, CodedError, consume, limitsFor } from '../../../server/limits/actionLimits'

export const screenInquiry: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create') return args
  const data = (args as { data?: Record<string, unknown> }).data
  if (!data || typeof data !== 'object' || Array.isArray(data)) return args
  const { [HONEYPOT_FIELD]: honeypot, [STARTED_AT_FIELD]: startedAt, ...rest } = data
  const limits = limitsFor(req)
  if (limits && !req.user) {
    await consume(req, limits, 'contact', clientKeyOf(req))
    // Anything in a field people never see marks a bot; the answer does not say which rule caught it.
    if (honeypot !== undefined && honeypot !== null && !(typeof honeypot === 'string' && honeypot.trim() === '')) {
      throw new CodedError(ERRORS.SPAM_SUSPECTED)
    }
    if (startedAt === undefined || startedAt === null || startedAt === '') {
      throw new CodedError(
        ERRORS.VALIDATION_ERROR,
        'formStartedAt is required: when the form was shown, in epoch milliseconds or as an ISO date.',
        STARTED_AT_FIELD,
      )
    }
    const started = parseStartedAt(startedAt)
    if (started === undefined)
      throw new CodedError(
        ERRORS.VALIDATION_ERROR,
        'formStartedAt must be a timestamp (epoch milliseconds or an ISO date).',
        STARTED_AT_FIELD,
      )
    const now = Date.now()
    if (started > now + CLOCK_SKEW_MS)
      throw new CodedError(ERRORS.VALIDATION_ERROR, 'formStartedAt is in the future.', STARTED_AT_FIELD)
    if (now - started < limits.contactMinFillSeconds * 1000) {
      throw new CodedError(ERRORS.TOO_FAST, undefined, STARTED_AT_FIELD)
    }
  }
  return { ...args, data: rest }
}
