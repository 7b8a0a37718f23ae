/**
 * What a password must be: long enough to resist guessing (12 characters or more, at most 256 so
 * hashing stays cheap), not one of the passwords attackers try first, and not the account's own
 * email or name. One rule set for the API, the admin panel, password resets and the first admin.
 */
import { dictionary } from '@zxcvbn-ts/language-common'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

/** About 49,000 passwords most often found in breaches (zxcvbn-ts's common list), lower-cased. */
const COMMON = new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()))

/** A common password padded with digits and symbols ("Password1234!", "qwerty-2024!!") is still common. */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase()
  if (COMMON.has(lower)) return true
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '')
  if (core.length >= 4 && COMMON.has(core)) return true
  // A run of one to three characters repeated ("aaaaaaaaaaaa", "abcabcabcabc") is no secret.
  return new Set(lower).size <= 3
}

export interface PasswordOwner {
  email?: string | null
  name?: string | null
}

/** Why the password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: unknown, owner: PasswordOwner = {}): string | undefined {
  if (typeof password !== 'string' || password.length === 0) return 'A password is required.'
  if (password.length < PASSWORD_MIN_LENGTH)
    return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`
  if (password.length > PASSWORD_MAX_LENGTH)
    return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`
  if (isCommon(password))
    return 'This password is too common. Choose a longer phrase that is not a well-known password.'
  const lower = password.trim().toLowerCase()
  // Not yet validated here: a request may send any JSON value as the name (validation answers it later).
  const email = typeof owner.email === 'string' ? owner.email.trim().toLowerCase() : undefined
  const name = typeof owner.name === 'string' ? owner.name.trim().toLowerCase() : undefined
  const personal = [email, email?.split('@')[0], name, name?.replace(/\s+/g, '')].filter((value): value is string =>
    Boolean(value),
  )
  if (personal.includes(lower)) return 'The password must not be your email address or name.'
  return undefined
}
