import type { Access, FieldAccess } from 'payload'
import { hasRole, roleOf } from './roles'

/** Admins see every account; editors see accounts (names and roles, not emails); authors only their own. */
export const canReadUsers: Access = ({ req }) => {
  if (hasRole(req.user, 'editor')) return true
  if (roleOf(req.user) && req.user) return { id: { equals: req.user.id } }
  return false
}

/** Admins may change any account; everyone else only their own. */
export const isAdminOrSelf: Access = ({ req }) => {
  if (hasRole(req.user, 'admin')) return true
  if (roleOf(req.user) && req.user) return { id: { equals: req.user.id } }
  return false
}

/** Field-level: the value is visible to admins and to the account's owner only. */
export const isAdminOrSelfField: FieldAccess = ({ req, id, doc }) => {
  if (hasRole(req.user, 'admin')) return true
  const ownerId = id ?? (doc as { id?: unknown } | undefined)?.id
  return Boolean(req.user && roleOf(req.user) && ownerId !== undefined && String(ownerId) === String(req.user.id))
}
