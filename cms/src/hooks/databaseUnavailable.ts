/**
 * Payload answers any error it does not know with a 500. When the error means the database is
 * unreachable, locked or too slow (`isDatabaseUnavailable`), this hook makes it a 503
 * `DATABASE_UNAVAILABLE` with `Retry-After`, so clients and load balancers retry instead of
 * reporting a bug. GraphQL errors get the same code in their extensions.
 */
import type { AfterErrorHook } from 'payload'

import { isDatabaseUnavailable } from '../database'
import { DATABASE_UNAVAILABLE } from '../server/errors'

export const databaseUnavailable: AfterErrorHook = ({ error, req, graphqlResult }) => {
  if (!isDatabaseUnavailable(error)) return
  const headers = req.responseHeaders ?? new Headers()
  headers.set('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds))
  req.responseHeaders = headers
  return {
    status: DATABASE_UNAVAILABLE.status,
    response: { errors: [{ message: DATABASE_UNAVAILABLE.message, name: DATABASE_UNAVAILABLE.code }] },
    ...(graphqlResult
      ? {
          graphqlResult: {
            ...graphqlResult,
            message: DATABASE_UNAVAILABLE.message,
            extensions: { ...graphqlResult.extensions, code: DATABASE_UNAVAILABLE.code, statusCode: 503 },
          },
        }
      : {}),
  }
}
