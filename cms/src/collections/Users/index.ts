import type { CollectionConfig } from 'payload'
import { isAdmin, isAdminField } from '../../access/isAdmin'
import { canReadUsers, isAdminOrSelf, isAdminOrSelfField } from '../../access/isAdminOrSelf'
import { ROLES } from '../../access/roles'
import { noFieldAccess, trackApiKeyDigest } from './apiKeyDigest'
import { enforcePasswordPolicy, enforcePasswordPolicyOnReset } from './hooks/enforcePasswordPolicy'
import { limitApiKeyIssue, limitAuthActions, refundSuccessfulLogin } from './hooks/limitAuthActions'
import { auditLogin, screenLogin } from './hooks/screenLogin'
import { previousApiKeyStrategy } from './previousApiKeyStrategy'
import { rotateApiKeyEndpoint } from './rotateApiKeyEndpoint'

export const MAX_LOGIN_ATTEMPTS = 5
export const LOCK_TIME_MS = 15 * 60 * 1000

export interface UsersOptions {
  /** How long a rotated-out API key keeps working (API_KEY_ROTATION_OVERLAP_SECONDS). */
  apiKeyOverlapSeconds: number
}

/** Hidden key material: never read or written through any API (see apiKeyDigest.ts). */
const hiddenKeyField = {
  hidden: true,
  access: { read: noFieldAccess, create: noFieldAccess, update: noFieldAccess },
} as const

export function usersCollection({ apiKeyOverlapSeconds }: UsersOptions): CollectionConfig {
  return {
    slug: 'users',
    admin: {
      useAsTitle: 'name',
      defaultColumns: ['name', 'email', 'role', 'updatedAt'],
      // Not email: editors may list accounts but not read emails, and a search on a field the
      // user cannot read is refused (emails are found with the list's filters, by admins).
      listSearchableFields: ['name'],
      group: 'Settings',
    },
    auth: {
      maxLoginAttempts: MAX_LOGIN_ATTEMPTS,
      lockTime: LOCK_TIME_MS,
      tokenExpiration: 60 * 60 * 8,
      useAPIKey: true,
      // Each sign-in is a session; changing or resetting a password ends every other one.
      useSessions: true,
      cookies: { sameSite: 'Lax' },
      strategies: [previousApiKeyStrategy('users')],
    },
    access: {
      admin: ({ req }) => Boolean(req.user),
      read: canReadUsers,
      create: isAdmin,
      update: isAdminOrSelf,
      delete: isAdmin,
      unlock: isAdmin,
    },
    hooks: {
      beforeOperation: [limitAuthActions, screenLogin, enforcePasswordPolicyOnReset],
      beforeValidate: [enforcePasswordPolicy],
      beforeChange: [limitApiKeyIssue, trackApiKeyDigest],
      afterLogin: [refundSuccessfulLogin, auditLogin],
    },
    endpoints: [rotateApiKeyEndpoint(apiKeyOverlapSeconds)],
    fields: [
      {
        name: 'email',
        type: 'email',
        required: true,
        unique: true,
        access: { read: isAdminOrSelfField },
      },
      { name: 'name', type: 'text', required: true, maxLength: 100 },
      {
        name: 'role',
        type: 'select',
        required: true,
        defaultValue: 'author',
        saveToJWT: true,
        options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
        access: { create: isAdminField, update: isAdminField },
        admin: {
          position: 'sidebar',
          description: 'Authors write drafts; editors publish; admins also manage people and settings.',
        },
      },
      { name: 'apiKeyDigest', type: 'text', index: true, ...hiddenKeyField },
      { name: 'previousApiKeyDigest', type: 'text', index: true, ...hiddenKeyField },
      { name: 'previousApiKeyExpiresAt', type: 'date', ...hiddenKeyField },
      {
        // No data: the "Rotate API key" button of the edit and account views (rotateApiKeyEndpoint.ts).
        name: 'apiKeyRotation',
        type: 'ui',
        admin: {
          position: 'sidebar',
          disableListColumn: true,
          components: { Field: '/admin/components/RotateApiKey#RotateApiKey' },
        },
      },
    ],
    timestamps: true,
  }
}
