import type { Access, FieldAccess } from 'payload'
import { hasRole } from './roles'

/** Editors and admins. */
export const isEditorOrAbove: Access = ({ req }) => hasRole(req.user, 'editor')

export const isEditorOrAboveField: FieldAccess = ({ req }) => hasRole(req.user, 'editor')
