import type { Access, Where } from 'payload'
import { hasRole, roleOf } from './roles'

/** Posts as read: editors everything; authors what is published plus their own drafts; visitors what is published. */
export const readPosts: Access = ({ req }) => {
  if (hasRole(req.user, 'editor')) return true
  if (roleOf(req.user) === 'author' && req.user) {
    const where: Where = { or: [{ _status: { equals: 'published' } }, { author: { equals: req.user.id } }] }
    return where
  }
  return { _status: { equals: 'published' } }
}

/** Post versions: editors all; authors the history of their own posts only. */
export const readPostVersions: Access = ({ req }) => {
  if (hasRole(req.user, 'editor')) return true
  if (roleOf(req.user) === 'author' && req.user) return { 'version.author': { equals: req.user.id } }
  return false
}

const publishes = (data: unknown): boolean => (data as { _status?: string } | undefined)?._status === 'published'

/** Authors write drafts only; editors and admins also publish. */
export const createPosts: Access = ({ req, data }) => {
  if (hasRole(req.user, 'editor')) return true
  return roleOf(req.user) === 'author' && !publishes(data)
}

/** Authors edit their own unpublished work only; editors and admins edit anything. */
export const updatePosts: Access = ({ req, data }) => {
  if (hasRole(req.user, 'editor')) return true
  if (roleOf(req.user) === 'author' && req.user && !publishes(data)) {
    const where: Where = { and: [{ author: { equals: req.user.id } }, { _status: { not_equals: 'published' } }] }
    return where
  }
  return false
}
