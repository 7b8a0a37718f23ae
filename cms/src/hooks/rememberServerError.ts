/**
 * Keeps the error behind a Payload 500 on the response of the request it happened in, for the error
 * report (server/errorReporting.ts): Payload answers such errors itself, so Express never sees them.
 */
import type { AfterErrorHook } from 'payload'

import { requestContext } from '../server/processErrors'

export const rememberServerError: AfterErrorHook = ({ error }) => {
  const context = requestContext.getStore()
  if (context && context.res.locals.serverError === undefined) context.res.locals.serverError = error
}
