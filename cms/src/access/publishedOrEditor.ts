import type { Access } from 'payload'
import { hasRole } from './roles'

/**
 * Reads of versioned content: editors and admins see everything, everyone else only what is
 * published. A `Where` rather than a boolean, so it also constrains `draft=true`, filters and counts.
 */
export const publishedOrEditor: Access = ({ req }) => {
  if (hasRole(req.user, 'editor')) return true
  return { _status: { equals: 'published' } }
}
