/**
 * Applies the password policy wherever Payload sets a password: create, update and the first
 * admin's registration (all run the collection's beforeValidate hooks with the new password in
 * `data`), and reset-password (which does not: checked before the operation, against the account
 * the reset token belongs to). A refusal is a 400 validation error on the `password` field.
 */
import { ValidationError, type CollectionBeforeOperationHook, type CollectionBeforeValidateHook } from 'payload'

import { passwordProblem, type PasswordOwner } from '../passwordPolicy'

/** Set while a reset-password operation runs, so the sign-in that ends it is recorded as a reset too. */
export const PASSWORD_RESET_CONTEXT_KEY = 'passwordReset'

function refuse(collection: string, problem: string): never {
  throw new ValidationError({ collection, errors: [{ message: problem, path: 'password' }] })
}

export const enforcePasswordPolicy: CollectionBeforeValidateHook = ({ collection, data, originalDoc }) => {
  if (!data || !('password' in data) || data.password === undefined) return data
  const owner: PasswordOwner = {
    email: (data.email as string | undefined) ?? (originalDoc as PasswordOwner | undefined)?.email,
    name: (data.name as string | undefined) ?? (originalDoc as PasswordOwner | undefined)?.name,
  }
  const problem = passwordProblem(data.password, owner)
  if (problem) refuse(collection.slug, problem)
  return data
}

export const enforcePasswordPolicyOnReset: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  if (operation !== 'resetPassword') return args
  const data = (args as { data?: { token?: unknown; password?: unknown } }).data
  let owner: PasswordOwner = {}
  if (typeof data?.token === 'string' && data.token) {
    const found = await req.payload.find({
      collection: collection.slug,
      where: { resetPasswordToken: { equals: data.token } },
      limit: 1,
      depth: 0,
      pagination: false,
      overrideAccess: true,
      showHiddenFields: true,
      req,
    })
    owner = (found.docs[0] as PasswordOwner | undefined) ?? {}
  }
  const problem = passwordProblem(data?.password, owner)
  if (problem) refuse(collection.slug, problem)
  req.context[PASSWORD_RESET_CONTEXT_KEY] = true
  return args
}
