import type { Field } from 'payload'

/** A field factory's result with the caller's overrides: each property replaced, `admin` merged. */
export function withOverrides<F extends Field>(field: F, overrides: Partial<F>): F {
  const admin = field.admin || overrides.admin ? { admin: { ...field.admin, ...overrides.admin } } : {}
  return { ...field, ...overrides, ...admin } as F
}
