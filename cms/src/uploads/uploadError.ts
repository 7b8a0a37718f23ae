/**
 * An error about the uploaded file, as Payload carries it to the REST response: the status is kept
 * and the item names the field `file` and its code (see normalizePayloadError in server/errors.ts).
 */
import type { ErrorCode, ErrorEntry } from '@mspn/contract/errors'
import { APIError } from 'payload'

/** The entry's status and code; the message is the entry's unless the call site says more (the limit, the file). */
export function uploadError(entry: ErrorEntry<ErrorCode>, message: string = entry.message): APIError {
  return new APIError(message, entry.status, { errors: [{ path: 'file', message, code: entry.code }] }, true)
}
