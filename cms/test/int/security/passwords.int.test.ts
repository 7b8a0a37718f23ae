/**
 * The password policy on every path that sets a password: the first admin's registration, account
 * creation (REST, GraphQL, Local API), updates and password resets. Refusals are 400s on the
 * `password` field, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PASSWORD_MAX_LENGTH } from '../../../src/collections/Users/passwordPolicy'
import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { graphql, request } from '../../helpers/http'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})

afterAll(async () => {
  await cms?.stop()
})

const WEAK = [
  ['too short', 'Sh0rt-pass!'],
  ['common', 'password1234'],
  ['common with padding', 'Qwerty123456!!'],
  ['repetitive', 'aaaaaaaaaaaaaaaa'],
  ['too long', 'x'.repeat(PASSWORD_MAX_LENGTH - 9) + '-long-one!'],
] as const

function expectPasswordRefused(response: {
  status: number
  body: { errors: { field?: string; code: string }[]; requestId?: string }
}) {
  expect(response.status).toBe(400)
  expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password', code: 'VALIDATION_ERROR' })])
  expect(response.body.requestId).toBeTruthy()
}

describe('first admin registration', () => {
  it('refuses a weak first password and accepts a strong one', async () => {
    expect((await cms.payload.count({ collection: 'users', overrideAccess: true })).totalDocs).toBe(0)
    const weak = await request(`${cms.api}/users/first-register`, {
      method: 'POST',
      json: { email: 'first@test.mspn.dev', password: 'password1234', name: 'First', role: 'admin' },
    })
    expectPasswordRefused(weak)
    expect((await cms.payload.count({ collection: 'users', overrideAccess: true })).totalDocs).toBe(0)
    const strong = await request(`${cms.api}/users/first-register`, {
      method: 'POST',
      json: { email: 'first@test.mspn.dev', password: 'first-admin-passphrase-9', name: 'First', role: 'admin' },
    })
    expect(strong.status).toBe(200)
    expect(strong.body.token).toBeTruthy()
  })
})

describe('creating and changing accounts', () => {
  let adminToken: string

  beforeAll(async () => {
    const admin = await createUser(cms, 'admin')
    adminToken = await login(cms, admin.email, admin.password)
  })

  it.each(WEAK)('refuses a %s password on create over REST', async (_kind, password) => {
    const before = await cms.payload.count({ collection: 'users', overrideAccess: true })
    const response = await request(`${cms.api}/users`, {
      method: 'POST',
      auth: adminToken,
      json: { email: 'weak@test.mspn.dev', password, name: 'Weak' },
    })
    expectPasswordRefused(response)
    expect((await cms.payload.count({ collection: 'users', overrideAccess: true })).totalDocs).toBe(before.totalDocs)
  })

  it('refuses the account’s own email, its local part or its name as the password', async () => {
    for (const [email, name, password] of [
      ['Grace.Hopper@test.mspn.dev', 'Grace', 'grace.hopper@test.mspn.dev'],
      ['grace.hopper.cobol@test.mspn.dev', 'Grace', 'Grace.Hopper.Cobol'],
      ['grace-h@test.mspn.dev', 'Grace Brewster Hopper', 'Grace Brewster Hopper'],
    ]) {
      expectPasswordRefused(
        await request(`${cms.api}/users`, { method: 'POST', auth: adminToken, json: { email, password, name } }),
      )
    }
  })

  it('accepts a long uncommon passphrase', async () => {
    const response = await request(`${cms.api}/users`, {
      method: 'POST',
      auth: adminToken,
      json: { email: 'strong@test.mspn.dev', password: 'correct horse battery staple', name: 'Strong' },
    })
    expect(response.status).toBe(201)
    await login(cms, 'strong@test.mspn.dev', 'correct horse battery staple')
  })

  it('refuses weak passwords through GraphQL and the Local API too', async () => {
    const gql = await graphql(
      cms.api,
      'mutation { createUser(data: { email: "gql@test.mspn.dev", password: "password1234", name: "Gql", role: author }) { id } }',
      adminToken,
    )
    expect(gql.body.errors?.[0]?.extensions?.statusCode).toBe(400)
    expect(JSON.stringify(gql.body.errors?.[0]?.extensions)).toContain('password')
    await expect(
      cms.payload.create({
        collection: 'users',
        data: { email: 'local@test.mspn.dev', password: 'short-one', name: 'Local', role: 'author' },
        overrideAccess: true,
      }),
    ).rejects.toMatchObject({ status: 400, data: { errors: [expect.objectContaining({ path: 'password' })] } })
  })

  it('refuses a weak password when a user changes theirs, and keeps the old one', async () => {
    const user = await createUser(cms, 'author', 'Changer')
    const token = await login(cms, user.email, user.password)
    expectPasswordRefused(
      await request(`${cms.api}/users/${user.user.id}`, {
        method: 'PATCH',
        auth: token,
        json: { password: 'iloveyou1234' },
      }),
    )
    expectPasswordRefused(
      await request(`${cms.api}/users/${user.user.id}`, {
        method: 'PATCH',
        auth: token,
        json: { password: 'Changer' + '' },
      }),
    )
    await login(cms, user.email, user.password)
    const changed = await request(`${cms.api}/users/${user.user.id}`, {
      method: 'PATCH',
      auth: token,
      json: { password: 'a-much-better-passphrase' },
    })
    expect(changed.status).toBe(200)
    await login(cms, user.email, 'a-much-better-passphrase')
  })
})

describe('password reset', () => {
  it('applies the policy to the new password, then lets the strong one in', async () => {
    const user = await createUser(cms, 'author', 'Forgetful')
    const token = await cms.payload.forgotPassword({
      collection: 'users',
      data: { email: user.email },
      disableEmail: true,
    })
    expect(typeof token).toBe('string')
    for (const password of ['short', 'password1234', user.email]) {
      expectPasswordRefused(
        await request(`${cms.api}/users/reset-password`, { method: 'POST', json: { token, password } }),
      )
    }
    // The token still works after the refusals.
    const reset = await request(`${cms.api}/users/reset-password`, {
      method: 'POST',
      json: { token, password: 'remembered-at-last-2026' },
    })
    expect(reset.status).toBe(200)
    const audit = await cms.payload.find({
      collection: 'audit-logs',
      where: { and: [{ documentId: { equals: String(user.user.id) } }, { entityType: { equals: 'auth' } }] },
      overrideAccess: true,
      sort: 'createdAt',
    })
    expect(audit.docs.map((entry) => entry.action)).toEqual(['password-reset', 'login'])
    await login(cms, user.email, 'remembered-at-last-2026')
    await expect(login(cms, user.email, user.password)).rejects.toThrow(/401/)
  })
})
