/**
 * The last step of a failed sign-in (REST and GraphQL): a wrong password is recorded in the audit
 * trail, and a lock that this very attempt triggered is answered like any wrong password, so the
 * status and body never tell an existing, locked or unknown account apart.
 */
import { AuthenticationError, LockedAuth, type AfterErrorHook } from 'payload'

import { LOGIN_ATTEMPT_CONTEXT_KEY, type LoginAttempt } from '../collections/Users/hooks/screenLogin'
import { recordAudit } from './auditLog'

export const auditLoginFailure: AfterErrorHook = async ({ error, req, result, graphqlResult }) => {
  const original = ((error as { originalError?: Error }).originalError ?? error) as Error
  const locked = original instanceof LockedAuth
  if (!locked && !(original instanceof AuthenticationError)) return
  const attempt = req.context?.[LOGIN_ATTEMPT_CONTEXT_KEY] as LoginAttempt | undefined
  if (attempt) {
    delete req.context[LOGIN_ATTEMPT_CONTEXT_KEY]
    try {
      await recordAudit(req, {
        action: 'login-failed',
        entityType: 'auth',
        entity: 'users',
        documentId: attempt.userId,
        user: attempt.userId ?? null,
        email: attempt.email,
        reason: locked ? 'locked' : 'wrong-password',
      })
    } catch (auditError) {
      req.payload.logger.error({ err: auditError }, 'could not record a failed sign-in in the audit log')
    }
  }
  if (!locked) return
  const message = new AuthenticationError(req.t).message
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message,
        extensions: { ...graphqlResult.extensions, name: 'AuthenticationError' },
      },
    }
  }
  return { response: { ...result, errors: [{ message }] }, status: 401 }
}
