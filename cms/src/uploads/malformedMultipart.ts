/**
 * A multipart body the parser (busboy) cannot read — a malformed part header, a missing boundary,
 * a body cut short — is the client's fault: answer 400 instead of the 500 Payload gives any error
 * without a status. Installed as a global afterError hook.
 */
import type { Config } from 'payload'

type AfterErrorHook = NonNullable<NonNullable<Config['hooks']>['afterError']>[number]

const MULTIPART_FAILURES =
  /^(Malformed part header|Malformed content type|Unexpected end of form|Part terminated early|Multipart: Boundary not found|Unsupported content type)/

export const malformedMultipart: AfterErrorHook = ({ error }) => {
  if ((error as { status?: number }).status !== undefined || !MULTIPART_FAILURES.test(error.message ?? '')) return
  return {
    status: 400,
    response: { errors: [{ message: `The multipart body cannot be read (${error.message.toLowerCase()}).` }] },
  }
}
