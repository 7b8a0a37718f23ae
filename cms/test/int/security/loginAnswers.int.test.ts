/**
 * A failed sign-in says nothing about the account: an unknown email, a wrong password, the attempt
 * that locks an account and a locked account (even with the right password) get the same status
 * and body (REST and GraphQL); forgot-password answers the same for known and unknown emails.
 * On top of the per-IP budget, each account has its own budget of failed sign-ins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { MAX_LOGIN_ATTEMPTS } from '../../../src/collections/Users'
import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { graphql, request, type JsonResponse } from '../../helpers/http'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})

afterAll(async () => {
  await cms?.stop()
})

const signIn = (email: string, password: string, api = cms.api, headers: Record<string, string> = {}) =>
  request(`${api}/users/login`, { method: 'POST', headers, json: { email, password } })

/** Status and body without the request ID, which differs on every request. */
const answer = ({ status, body }: JsonResponse) => ({ status, body: { ...body, requestId: undefined } })

describe('failed sign-ins', () => {
  it('answer an unknown email, a wrong password, the locking attempt and a locked account identically', async () => {
    const known = await createUser(cms, 'author', 'Known')
    const victim = await createUser(cms, 'author', 'Victim')

    const unknown = answer(await signIn('nobody-at-all@test.mspn.dev', 'some-guess-of-a-password'))
    expect(unknown.status).toBe(401)
    expect(unknown.body.errors).toEqual([{ message: expect.any(String), code: 'UNAUTHORIZED' }])

    expect(answer(await signIn(known.email, 'some-guess-of-a-password'))).toEqual(unknown)
    for (let i = 0; i < MAX_LOGIN_ATTEMPTS; i += 1) {
      // The last of these is the attempt that locks the account.
      expect(answer(await signIn(victim.email, `wrong-guess-number-${i}`))).toEqual(unknown)
    }
    expect(answer(await signIn(victim.email, victim.password))).toEqual(unknown)
    expect(answer(await signIn(victim.email, 'yet-another-wrong-guess'))).toEqual(unknown)
    // The same whatever the case or spacing of the email.
    expect(answer(await signIn(` ${victim.email.toUpperCase()} `, victim.password))).toEqual(unknown)

    // The lock is real, and admins see why in the audit trail.
    const user = await cms.payload.findByID({
      collection: 'users',
      id: victim.user.id,
      overrideAccess: true,
      showHiddenFields: true,
    })
    expect(Date.parse(user.lockUntil as string)).toBeGreaterThan(Date.now())
    const reasons = await cms.payload.find({
      collection: 'audit-logs',
      where: { and: [{ action: { equals: 'login-failed' } }, { email: { equals: victim.email } }] },
      overrideAccess: true,
      sort: 'createdAt',
      limit: 20,
    })
    expect(reasons.docs.map((doc) => doc.reason)).toEqual([
      ...Array(MAX_LOGIN_ATTEMPTS).fill('wrong-password'),
      'locked',
      'locked',
      'locked',
    ])
  })

  it('answer the same through GraphQL', async () => {
    const known = await createUser(cms, 'author', 'Graph')
    const locked = await createUser(cms, 'author', 'Graph Locked')
    await cms.payload.update({
      collection: 'users',
      id: locked.user.id,
      data: { lockUntil: new Date(Date.now() + 60_000).toISOString() },
      overrideAccess: true,
    })
    const mutation = (email: string, password: string) =>
      graphql(
        cms.api,
        'mutation ($email: String!, $password: String!) { loginUser(email: $email, password: $password) { token } }',
        undefined,
        { email, password },
      )
    const shape = (response: Awaited<ReturnType<typeof mutation>>) =>
      response.body.errors?.map((e) => ({ message: e.message, status: e.extensions?.statusCode }))
    const unknown = shape(await mutation('nobody-graph@test.mspn.dev', 'a-wrong-password'))
    expect(unknown).toEqual([{ message: expect.any(String), status: 401 }])
    expect(shape(await mutation(known.email, 'a-wrong-password'))).toEqual(unknown)
    expect(shape(await mutation(locked.email, locked.password))).toEqual(unknown)
  })

  it('still let the right password in for an unlocked account', async () => {
    const user = await createUser(cms, 'author', 'Fine')
    expect(answer(await signIn(user.email, 'not-it-at-all-really')).status).toBe(401)
    await login(cms, user.email, user.password)
  })
})

describe('forgot-password', () => {
  it('answers a known and an unknown email identically', async () => {
    const known = await createUser(cms, 'author', 'Forgetter')
    const forgot = async (email: string) =>
      answer(await request(`${cms.api}/users/forgot-password`, { method: 'POST', json: { email } }))
    const forKnown = await forgot(known.email)
    expect(forKnown.status).toBe(200)
    expect(await forgot('nobody-forgot@test.mspn.dev')).toEqual(forKnown)
    // Asked again at once (Payload ignores repeats for a while): still the same answer.
    expect(await forgot(known.email)).toEqual(forKnown)
  })
})

describe('per-account sign-in budget', () => {
  /** Another app over the same Payload, with a small per-account budget and per-IP limits spread by X-Forwarded-For. */
  function limitedApi(): Promise<string> {
    return cms.extraApp({
      TRUST_PROXY: '1',
      RATE_LIMIT_LOGIN_PER_15_MINUTES: '1000',
      RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: '3',
    })
  }

  it('answers 429 with Retry-After once an account has had its failures, whatever the client IPs', async () => {
    const api = await limitedApi()
    const target = await createUser(cms, 'author', 'Targeted')
    const other = await createUser(cms, 'author', 'Bystander')
    const from = (ip: string) => ({ 'x-forwarded-for': ip })

    // A successful sign-in does not use the budget.
    expect((await signIn(target.email, target.password, api, from('198.51.100.1'))).status).toBe(200)
    for (let i = 0; i < 3; i += 1) {
      const email = i === 1 ? `  ${target.email.toUpperCase()}` : target.email
      expect((await signIn(email, `guess-number-${i}-wrong`, api, from(`198.51.100.${10 + i}`))).status).toBe(401)
    }
    const limited = await signIn(target.email, target.password, api, from('198.51.100.99'))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.body.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED' })])
    expect(limited.body.requestId).toBe(limited.headers.get('x-request-id'))

    // Other accounts, known or not, keep their own budget.
    expect((await signIn(other.email, other.password, api, from('198.51.100.99'))).status).toBe(200)
    expect((await signIn('unknown-budget@test.mspn.dev', 'whatever-guess-1', api, from('198.51.100.99'))).status).toBe(
      401,
    )
  })

  it('counts unknown emails like real ones, so a 429 reveals nothing', async () => {
    const api = await limitedApi()
    for (let i = 0; i < 3; i += 1)
      expect((await signIn('ghost@test.mspn.dev', `guess-${i}-wrong-one`, api)).status).toBe(401)
    expect((await signIn('ghost@test.mspn.dev', 'guess-last-wrong-one', api)).status).toBe(429)
  })
})
