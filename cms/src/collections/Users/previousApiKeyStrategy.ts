/**
 * Authenticates with the key a rotation replaced, until its overlap ends (API_KEY_ROTATION_OVERLAP_SECONDS).
 * Runs before Payload's own API key strategy; when the key is not a previous key it steps aside.
 * The first use after the overlap clears the stored hash and records the refusal in the audit trail;
 * from then on the old key is simply unknown (401/403 like any bad key).
 */
import type { AuthStrategy } from 'payload'

import type { User } from '../../payload-types'

import { REQUEST_ID_HEADER, AUDIT_REQUEST_ID_CONTEXT_KEY } from '../../audit/auditLog'
import { AUDIT_ACTION_CONTEXT_KEY } from '../../audit/auditTrail'
import { apiKeyDigest } from './apiKeyDigest'

interface StoredUser {
  id: number | string
  previousApiKeyDigest?: string | null
  previousApiKeyExpiresAt?: string | null
  apiKeyDigest?: string | null
  [key: string]: unknown
}

export function previousApiKeyStrategy(collectionSlug: 'users'): AuthStrategy {
  const name = `${collectionSlug}-previous-api-key`
  const prefix = `${collectionSlug} API-Key `
  return {
    name,
    authenticate: async ({ headers, payload }) => {
      const header = headers.get('authorization')
      if (!header?.startsWith(prefix)) return { user: null }
      const key = header.slice(prefix.length)
      if (!key) return { user: null }
      const found = await payload.find({
        collection: collectionSlug,
        where: { previousApiKeyDigest: { equals: apiKeyDigest(payload.secret, key) } },
        limit: 1,
        depth: 0,
        pagination: false,
        overrideAccess: true,
        showHiddenFields: true,
      })
      const stored = found.docs[0] as unknown as StoredUser | undefined
      if (!stored) return { user: null }
      const { previousApiKeyDigest: _previous, previousApiKeyExpiresAt, apiKeyDigest: _current, ...user } = stored
      if (previousApiKeyExpiresAt && Date.parse(previousApiKeyExpiresAt) > Date.now()) {
        return { user: { ...(user as unknown as User), collection: collectionSlug, _strategy: name } }
      }
      // Overlap over: forget the old key, once, and say so in the audit trail.
      await payload.update({
        collection: collectionSlug,
        id: stored.id,
        data: { previousApiKeyDigest: null, previousApiKeyExpiresAt: null },
        overrideAccess: true,
        depth: 0,
        context: {
          [AUDIT_ACTION_CONTEXT_KEY]: 'api-key-previous-refused',
          [AUDIT_REQUEST_ID_CONTEXT_KEY]: headers.get(REQUEST_ID_HEADER) ?? undefined,
        },
      })
      return { user: null }
    },
  }
}
