/**
 * The sign-in, forgot-password and reset-password budgets, counted on the operation itself so
 * every door (REST JSON or multipart, GraphQL with any alias, the admin) spends the same one. A
 * sign-in counts against the client address, and against the account it names: there only
 * failures count (a success gives its attempt back), and an unknown email counts like a real one,
 * so a 429 says nothing about whether an account exists. Runs before any other hook, so a refused
 * attempt costs no database read or password hash.
 */
import type { CollectionAfterLoginHook, CollectionBeforeOperationHook, CollectionBeforeChangeHook } from 'payload'

import { clientKeyOf, consume, limitsFor, refund } from '../../../server/limits/actionLimits'
import { apiKeyDigest } from '../apiKeyDigest'
import { normaliseEmail } from './screenLogin'

/** The account key a failed sign-in was counted under, until the operation succeeds. */
const ACCOUNT_KEY_CONTEXT_KEY = 'loginAccountKey'

export const limitAuthActions: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  const limits = limitsFor(req)
  if (!limits) return args
  if (operation === 'login') {
    await consume(req, limits, 'login', clientKeyOf(req))
    const email = normaliseEmail((args as { data?: { email?: unknown } }).data?.email)
    if (email) {
      const key = `account:${email}`
      await consume(req, limits, 'loginAccount', key)
      req.context[ACCOUNT_KEY_CONTEXT_KEY] = key
    }
  } else if (operation === 'forgotPassword') {
    await consume(req, limits, 'forgotPassword', clientKeyOf(req))
  } else if (operation === 'resetPassword') {
    await consume(req, limits, 'resetPassword', clientKeyOf(req))
  }
  return args
}

/** A successful sign-in does not count against its account. */
export const refundSuccessfulLogin: CollectionAfterLoginHook = async ({ req, user }) => {
  const key = req.context[ACCOUNT_KEY_CONTEXT_KEY]
  const limits = limitsFor(req)
  delete req.context[ACCOUNT_KEY_CONTEXT_KEY]
  if (limits && typeof key === 'string') await refund(limits, 'loginAccount', key)
  return user
}

/**
 * Issuing an API key (the rotate endpoint, or a key set by an update over REST or GraphQL) spends
 * the client's API-key budget. A save that sends the current key again issues nothing.
 */
export const limitApiKeyIssue: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const limits = limitsFor(req)
  if (!limits || !data || typeof data.apiKey !== 'string' || !data.apiKey) return data
  const current = (originalDoc as { apiKeyDigest?: string | null } | undefined)?.apiKeyDigest
  if (current && current === apiKeyDigest(req.payload.secret, data.apiKey)) return data
  await consume(req, limits, 'apiKey', clientKeyOf(req))
  return data
}
