/**
 * The audit trail: who created, changed, published, unpublished or deleted what, who scheduled or
 * cancelled a publish/unpublish, and sign-ins, password changes and API key rotations. Entries are appended by hooks in the same transaction
 * as the change they describe (audit/auditTrail.ts, audit/auditLog.ts); admins read them, and no
 * one, admins included, can create, edit or delete one through any API.
 */
import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../access/isAdmin'
import { nobody } from '../../access/nobody'

export const AUDIT_LOGS_SLUG = 'audit-logs'

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'publish',
  'unpublish',
  'login',
  'login-failed',
  'password-change',
  'password-reset',
  'api-key-issued',
  'api-key-previous-refused',
  'schedule',
  'cancel-schedule',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AuditLogs: CollectionConfig = {
  slug: AUDIT_LOGS_SLUG,
  admin: {
    useAsTitle: 'action',
    defaultColumns: ['createdAt', 'action', 'entity', 'documentId', 'user'],
    group: 'Settings',
    description: 'Who did what, and when. Written by the system; read-only.',
  },
  access: {
    read: isAdmin,
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  defaultSort: '-createdAt',
  fields: [
    {
      name: 'action',
      type: 'select',
      required: true,
      index: true,
      options: AUDIT_ACTIONS.map((value) => ({ label: value, value })),
    },
    {
      name: 'entityType',
      type: 'select',
      options: ['collection', 'global', 'auth'].map((value) => ({ label: value, value })),
    },
    { name: 'entity', type: 'text', index: true, admin: { description: 'Collection or global slug.' } },
    { name: 'documentId', type: 'text', index: true },
    {
      name: 'user',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      admin: { description: 'Who did it (empty: the system or an anonymous visitor).' },
    },
    { name: 'email', type: 'text', admin: { description: 'Sign-in events: the email that was tried.' } },
    {
      name: 'reason',
      type: 'text',
      admin: {
        description:
          'Failed sign-ins: unknown-account, wrong-password or locked. Schedules: what, when and the job, e.g. "publish at 2030-01-31T09:00:00.000Z (job 12)".',
      },
    },
    { name: 'changedFields', type: 'json', admin: { description: 'Updates: the names of the fields that changed.' } },
    { name: 'requestId', type: 'text', index: true },
  ],
  timestamps: true,
}
