/**
 * Appends one entry to the audit trail through the Local API. With the `req` of the operation being
 * recorded, the entry is written in that operation's transaction: it exists exactly when the change does.
 */
import type { PayloadRequest } from 'payload'

import { AUDIT_LOGS_SLUG, type AuditAction } from '../collections/AuditLogs'

export interface AuditEntry {
  action: AuditAction
  entityType?: 'collection' | 'global' | 'auth'
  entity?: string
  documentId?: number | string | null
  /** The acting user's id; defaults to the request's signed-in user (staff accounts only). */
  user?: number | string | null
  email?: string
  reason?: string
  changedFields?: string[]
  /** Defaults to the request's X-Request-Id. */
  requestId?: string
}

export const REQUEST_ID_HEADER = 'x-request-id'
/** For work done on behalf of a request without its `req` (e.g. during authentication): that request's ID. */
export const AUDIT_REQUEST_ID_CONTEXT_KEY = 'auditRequestId'

function actorOf(req: PayloadRequest): number | string | null {
  const user = req.user as { id?: number | string; collection?: string } | null | undefined
  return user && user.collection === 'users' && user.id !== undefined ? user.id : null
}

export async function recordAudit(req: PayloadRequest, entry: AuditEntry): Promise<void> {
  const requestId =
    entry.requestId ??
    (req.context?.[AUDIT_REQUEST_ID_CONTEXT_KEY] as string | undefined) ??
    req.headers?.get(REQUEST_ID_HEADER) ??
    undefined
  await req.payload.create({
    collection: AUDIT_LOGS_SLUG,
    data: {
      action: entry.action,
      entityType: entry.entityType,
      entity: entry.entity,
      documentId: entry.documentId === undefined || entry.documentId === null ? undefined : String(entry.documentId),
      // Generated types say number (SQL ids); MongoDB ids are strings at runtime.
      user: (entry.user === undefined ? actorOf(req) : entry.user) as number | null,
      email: entry.email,
      reason: entry.reason,
      changedFields: entry.changedFields,
      requestId,
    },
    overrideAccess: true,
    depth: 0,
    req,
  })
}
