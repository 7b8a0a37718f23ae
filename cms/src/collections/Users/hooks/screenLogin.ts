/**
 * Makes a failed sign-in look the same whatever the reason. Payload answers an unknown email and a
 * locked account at once, without hashing, and a locked account with its own message; here both
 * cost one password hash like a wrong password does, are refused with the wrong-password error,
 * and are recorded in the audit trail (where admins see the real reason). A wrong password for a
 * known, unlocked account is left to Payload (which counts it towards the lock) and recorded by
 * audit/auditLoginFailure.ts.
 */
import { pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import {
  AuthenticationError,
  type CollectionAfterLoginHook,
  type CollectionBeforeOperationHook,
  type PayloadRequest,
} from 'payload'

import { recordAudit } from '../../../audit/auditLog'
import { PASSWORD_RESET_CONTEXT_KEY } from './enforcePasswordPolicy'

/** Payload 3.90's password hash: PBKDF2-SHA256, 600,000 iterations, 32 bytes. */
const HASH_ITERATIONS = 600_000
const HASH_BYTES = 32
const derive = promisify(pbkdf2)

/** Spends the time a real password check takes, on a password that matches nothing. */
export async function hashDummyPassword(password: string): Promise<void> {
  await derive(password, randomBytes(32).toString('hex'), HASH_ITERATIONS, HASH_BYTES, 'sha256')
}

/** What the login hooks leave for the error hook: which attempt failed. */
export const LOGIN_ATTEMPT_CONTEXT_KEY = 'loginAttempt'
export interface LoginAttempt {
  email: string
  userId?: number | string
}

export const normaliseEmail = (email: unknown): string => (typeof email === 'string' ? email.trim().toLowerCase() : '')

async function refuse(
  req: PayloadRequest,
  collection: string,
  attempt: LoginAttempt,
  password: string,
  reason: string,
): Promise<never> {
  await hashDummyPassword(password)
  await recordAudit(req, {
    action: 'login-failed',
    entityType: 'auth',
    entity: collection,
    documentId: attempt.userId,
    user: attempt.userId ?? null,
    email: attempt.email,
    reason,
  })
  // Already recorded: the error hook must not record it again.
  delete req.context[LOGIN_ATTEMPT_CONTEXT_KEY]
  throw new AuthenticationError(req.t)
}

export const screenLogin: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'login') return args
  const data = (args as { data?: { email?: unknown; password?: unknown } }).data
  const email = normaliseEmail(data?.email)
  const password = typeof data?.password === 'string' ? data.password : ''
  // Missing fields get Payload's own 400 (the same for every account).
  if (!email || !password.trim()) return args
  const found = await req.payload.find({
    collection: collection.slug,
    where: { email: { equals: email } },
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    showHiddenFields: true,
    req,
  })
  const user = found.docs[0] as { id: number | string; lockUntil?: string | null } | undefined
  const attempt: LoginAttempt = { email, userId: user?.id }
  req.context[LOGIN_ATTEMPT_CONTEXT_KEY] = attempt
  if (!user) return refuse(req, collection.slug, attempt, password, 'unknown-account')
  if (user.lockUntil && new Date(user.lockUntil).getTime() > Date.now())
    return refuse(req, collection.slug, attempt, password, 'locked')
  return args
}

/** A successful sign-in, in its transaction; a password reset signs in too and is recorded first. */
export const auditLogin: CollectionAfterLoginHook = async ({ collection, req, user }) => {
  delete req.context[LOGIN_ATTEMPT_CONTEXT_KEY]
  const id = (user as { id: number | string }).id
  if (req.context[PASSWORD_RESET_CONTEXT_KEY]) {
    delete req.context[PASSWORD_RESET_CONTEXT_KEY]
    await recordAudit(req, {
      action: 'password-reset',
      entityType: 'auth',
      entity: collection.slug,
      documentId: id,
      user: id,
    })
  }
  await recordAudit(req, {
    action: 'login',
    entityType: 'auth',
    entity: collection.slug,
    documentId: id,
    user: id,
    email: normaliseEmail((user as { email?: string }).email),
  })
  return user
}
