import { describe, expect, it } from 'vitest'

import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from '../../../src/collections/Users/passwordPolicy'

describe('password policy', () => {
  it('accepts long passphrases that are not common', () => {
    for (const password of [
      'correct horse battery staple',
      'Admin-password-1234',
      'x7#Lq!v9@Rz2$Wp4',
      'a'.repeat(4) + 'bcd-efgh-ijkl',
    ]) {
      expect(passwordProblem(password, { email: 'someone@example.com', name: 'Someone' }), password).toBeUndefined()
    }
  })

  it('refuses missing, short and overlong passwords', () => {
    expect(passwordProblem(undefined)).toMatch(/required/)
    expect(passwordProblem('')).toMatch(/required/)
    expect(passwordProblem('a'.repeat(PASSWORD_MIN_LENGTH - 1) + '')).toMatch(
      new RegExp(`at least ${PASSWORD_MIN_LENGTH}`),
    )
    expect(passwordProblem('Zq8!'.repeat(PASSWORD_MAX_LENGTH / 4) + 'x')).toMatch(
      new RegExp(`at most ${PASSWORD_MAX_LENGTH}`),
    )
    expect(passwordProblem('Zq8!'.repeat(PASSWORD_MAX_LENGTH / 4))).toBeUndefined()
  })

  it('refuses common passwords, also with digits or symbols around them and in any case', () => {
    for (const password of [
      'password1234',
      'qwertyuiop123',
      '1q2w3e4r5t6y',
      'PASSWORD123456',
      'Password1234!',
      '2024!!sunshine!!',
      'iloveyou-12345',
    ]) {
      expect(passwordProblem(password), password).toMatch(/too common/)
    }
  })

  it('refuses runs of one to three characters', () => {
    expect(passwordProblem('aaaaaaaaaaaaaa')).toMatch(/too common/)
    expect(passwordProblem('abcabcabcabcabc')).toMatch(/too common/)
  })

  it('does not throw on an email or name that is not text yet (validation refuses those later)', () => {
    expect(
      passwordProblem('correct horse battery staple', { email: ['a@b.co'] as never, name: [[1]] as never }),
    ).toBeUndefined()
    expect(
      passwordProblem('correct horse battery staple', { email: 42 as never, name: { a: 1 } as never }),
    ).toBeUndefined()
  })

  it('refuses the account’s email, the part before @ and the name, ignoring case and spaces', () => {
    const owner = { email: 'Ada.Lovelace@Example.com', name: 'Ada Byron Lovelace' }
    expect(passwordProblem('ada.lovelace@example.com', owner)).toMatch(/email address or name/)
    expect(passwordProblem(' Ada.Lovelace.Example ', { email: 'ada.lovelace.example@x.io' })).toMatch(
      /email address or name/,
    )
    expect(passwordProblem('ADA BYRON LOVELACE', owner)).toMatch(/email address or name/)
    expect(passwordProblem('adabyronlovelace', owner)).toMatch(/email address or name/)
    expect(passwordProblem('ada lovelace wrote the first program', owner)).toBeUndefined()
  })
})
