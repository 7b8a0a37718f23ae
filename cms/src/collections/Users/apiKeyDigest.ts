/**
 * Remembers a keyed hash (HMAC-SHA256 with the Payload secret, as Payload's own key index) of each
 * user's current API key in a hidden field, so a rotation can keep honouring the previous key for a
 * while without ever storing a key in the clear. Payload deliberately never reads its own key index
 * back, hence this copy.
 */
import { createHmac } from 'node:crypto'
import type { CollectionBeforeChangeHook, FieldAccess } from 'payload'

export function apiKeyDigest(secret: string, key: string): string {
  return createHmac('sha256', secret).update(key).digest('hex')
}

/** Hidden key material: no API reads or writes it; only server code with overrideAccess does. */
export const noFieldAccess: FieldAccess = () => false

export const trackApiKeyDigest: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  if (!data) return data
  const disabling =
    data.enableAPIKey === false && (originalDoc as { enableAPIKey?: boolean } | undefined)?.enableAPIKey !== false
  if ('apiKey' in data && data.apiKey !== undefined) {
    data.apiKeyDigest =
      typeof data.apiKey === 'string' && data.apiKey ? apiKeyDigest(req.payload.secret, data.apiKey) : null
  }
  if (disabling && !(typeof data.apiKey === 'string' && data.apiKey)) {
    // Turning API access off revokes every key, the one in overlap included.
    data.apiKeyDigest = null
    data.previousApiKeyDigest = null
    data.previousApiKeyExpiresAt = null
  }
  return data
}
