/**
 * `POST /api/v1/users/:id/rotate-api-key` (the account's owner or an admin): issues a new API key,
 * answers it once (it cannot be read again), and keeps the previous key working for the configured
 * overlap (see previousApiKeyStrategy.ts). The change and its audit entry share one transaction.
 */
import { randomBytes } from 'node:crypto'
import {
  APIError,
  commitTransaction,
  Forbidden,
  initTransaction,
  killTransaction,
  NotFound,
  type Endpoint,
} from 'payload'

import { hasRole } from '../../access/roles'
import { AUDIT_ACTION_CONTEXT_KEY } from '../../audit/auditTrail'

export function rotateApiKeyEndpoint(overlapSeconds: number): Endpoint {
  return {
    path: '/:id/rotate-api-key',
    method: 'post',
    handler: async (req) => {
      const id = req.routeParams?.id as string | undefined
      const actor = req.user as { id: number | string; collection?: string; role?: string } | null
      if (!actor || actor.collection !== 'users') throw new APIError('Sign in to rotate an API key.', 401)
      if (!id || !(hasRole(actor, 'admin') || String(actor.id) === String(id))) throw new Forbidden(req.t)
      const apiKey = randomBytes(32).toString('base64url')
      let previousKeyValidUntil: string | null = null
      const shouldCommit = await initTransaction(req)
      try {
        const target = (await req.payload.findByID({
          collection: 'users',
          id,
          depth: 0,
          overrideAccess: true,
          showHiddenFields: true,
          disableErrors: true,
          req,
        })) as { apiKeyDigest?: string | null } | null
        if (!target) throw new NotFound(req.t)
        if (target.apiKeyDigest && overlapSeconds > 0)
          previousKeyValidUntil = new Date(Date.now() + overlapSeconds * 1000).toISOString()
        await req.payload.update({
          collection: 'users',
          id,
          data: {
            enableAPIKey: true,
            apiKey,
            previousApiKeyDigest: previousKeyValidUntil ? target.apiKeyDigest : null,
            previousApiKeyExpiresAt: previousKeyValidUntil,
          },
          overrideAccess: true,
          depth: 0,
          req,
          context: { [AUDIT_ACTION_CONTEXT_KEY]: 'api-key-issued' },
        })
        if (shouldCommit) await commitTransaction(req)
      } catch (error) {
        await killTransaction(req)
        throw error
      }
      return Response.json(
        {
          message: 'New API key issued. It is shown only this once: store it now.',
          apiKey,
          previousKeyValidUntil,
        },
        { status: 200, headers: { 'Cache-Control': 'no-store' } },
      )
    },
  }
}
