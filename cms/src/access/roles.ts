/** The roles a user can hold, from least to most trusted. */
export const ROLES = ['author', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

interface MaybeUser {
  role?: string | null
  collection?: string
}

/** The role of a request's user, or undefined when anonymous (or not a `users` account). */
export function roleOf(user: MaybeUser | null | undefined): Role | undefined {
  if (!user || (user.collection !== undefined && user.collection !== 'users')) return undefined
  return ROLES.includes(user.role as Role) ? (user.role as Role) : undefined
}

/** True when the user holds `minimum` or a more trusted role. */
export function hasRole(user: MaybeUser | null | undefined, minimum: Role): boolean {
  const role = roleOf(user)
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(minimum)
}
