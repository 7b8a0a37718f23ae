/**
 * An error about the uploaded file, as Payload carries it to the REST response: the status is kept
 * and the item names the field `file` and its code (see normalizePayloadError in server/errors.ts).
 */
import { APIError } from 'payload'

export function uploadError(status: number, code: string, message: string): APIError {
  return new APIError(message, status, { errors: [{ path: 'file', message, code }] }, true)
}
