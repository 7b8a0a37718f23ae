import type { Access, FieldAccess } from 'payload'
import { hasRole } from './roles'

/** Any signed-in staff account: authors, editors and admins. */
export const isAuthorOrAbove: Access = ({ req }) => hasRole(req.user, 'author')

export const isAuthorOrAboveField: FieldAccess = ({ req }) => hasRole(req.user, 'author')
