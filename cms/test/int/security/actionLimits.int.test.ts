/**
 * One budget per action, whatever the door. Each limited action (sign-in per client and per
 * account, forgot-password, reset-password, contact, API-key issue) is tried over REST JSON, REST
 * multipart (`_payload`, as the admin sends), GraphQL and GraphQL aliases against ONE budget: the
 * doors spend it together, and once it is spent every door answers the same 429 (REST envelope, or
 * GraphQL errors with `extensions.code = RATE_LIMITED` and an HTTP 429), with Retry-After. A door
 * that forgot the rule would let an attempt through and fail these tests. Batches are refused
 * whole. The contact form's anti-spam (honeypot, mandatory fill time) holds over every door too.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { LIMITS_HEADER } from '../../../src/server/limits/actionLimits'
import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { request } from '../../helpers/http'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})

afterAll(async () => {
  await cms?.stop()
})

type Door = 'rest' | 'multipart' | 'graphql' | 'aliases'
const DOORS: Door[] = ['rest', 'multipart', 'graphql', 'aliases']
/**
 * What became of each attempt a request made: refused by the budget, let through (whatever its
 * own answer), or never run (GraphQL stops a mutation list at a failed non-null field).
 */
type Outcome = 'limited' | 'passed' | 'skipped'

interface Answer {
  status: number
  headers: Headers
  body: any
  outcomes: Outcome[]
}

interface Target {
  /** REST path (POST, or PATCH when `method` says so) and JSON data of one attempt. */
  rest: (i: number) => { path: string; data: Record<string, unknown>; method?: string }
  /** The multipart attempt, when it is not `rest` as multipart. */
  multipart?: (i: number) => { path: string; data: Record<string, unknown>; method?: string }
  /** One GraphQL mutation field (no alias) for attempt i. */
  graphql: (i: number) => string
  /** Headers of attempt i (auth, forwarded address). */
  headers?: (i: number) => Record<string, string>
}

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter += 1)}${randomBytes(2).toString('hex')}`
const gqlString = (value: string) => JSON.stringify(value)

async function send(url: string, init: RequestInit): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, init)
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body }
}

/** Sends attempt(s) through one door; aliases send two attempts in one request. */
async function through(api: string, door: Door, target: Target): Promise<Answer> {
  const i = (counter += 1)
  const headers = target.headers?.(i) ?? {}
  if (door === 'rest' || door === 'multipart') {
    const {
      path,
      data,
      method = 'POST',
    } = (door === 'multipart' && target.multipart ? target.multipart : target.rest)(i)
    let body: BodyInit
    const requestHeaders = new Headers(headers)
    if (door === 'rest') {
      requestHeaders.set('content-type', 'application/json')
      body = JSON.stringify(data)
    } else {
      const form = new FormData()
      form.set('_payload', JSON.stringify(data))
      body = form
    }
    const answer = await send(`${api}${path}`, { method, headers: requestHeaders, body })
    return { ...answer, outcomes: [answer.status === 429 ? 'limited' : 'passed'] }
  }
  const fields =
    door === 'graphql' ? [target.graphql(i)] : [`a: ${target.graphql(i)}`, `b: ${target.graphql(i + 1000)}`]
  const answer = await send(`${api}/graphql`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { ${fields.join(' ')} }` }),
  })
  const errors: { path?: string[]; extensions?: { code?: string } }[] = answer.body?.errors ?? []
  const names = door === 'graphql' ? [fields[0].split('(')[0].trim()] : ['a', 'b']
  const outcomes = names.map((name): Outcome => {
    const error = errors.find((e) => e.path?.[0] === name)
    if (error) return error.extensions?.code === 'RATE_LIMITED' ? 'limited' : 'passed'
    return answer.body?.data?.[name] !== undefined && answer.body?.data?.[name] !== null ? 'passed' : 'skipped'
  })
  return { ...answer, outcomes }
}

/** The one 429 every door gives: status, Retry-After, and the error code in the door's own format. */
function expectRefused(door: Door, answer: Answer) {
  expect(answer.status, `${door}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(429)
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(answer.body.requestId).toBe(answer.headers.get('x-request-id'))
  if (door === 'rest' || door === 'multipart') {
    expect(answer.body.errors).toEqual([{ message: expect.any(String), code: 'RATE_LIMITED' }])
  } else {
    expect(answer.outcomes[0]).toBe('limited')
    expect(answer.outcomes).not.toContain('passed')
    for (const error of answer.body.errors) {
      expect(error.extensions.code).toBe('RATE_LIMITED')
      expect(error.code).toBe('RATE_LIMITED')
    }
  }
}

/**
 * A budget of 4 spent as REST (1) + multipart (1) + aliases (2): then every door is refused. A
 * second app with a budget of 2 spent over single GraphQL requests: then REST is refused.
 */
async function expectOneBudget(env: (budget: number) => Record<string, string>, target: Target) {
  const api = await cms.extraApp(env(4))
  expect((await through(api, 'rest', target)).outcomes).toEqual(['passed'])
  expect((await through(api, 'multipart', target)).outcomes).toEqual(['passed'])
  expect((await through(api, 'aliases', target)).outcomes).toEqual(['passed', 'passed'])
  for (const door of DOORS) expectRefused(door, await through(api, door, target))

  const other = await cms.extraApp(env(2))
  expect((await through(other, 'graphql', target)).outcomes).toEqual(['passed'])
  expect((await through(other, 'graphql', target)).outcomes).toEqual(['passed'])
  expectRefused('rest', await through(other, 'rest', target))
  expectRefused('multipart', await through(other, 'multipart', target))
}

const HIGH = '10000'
const badLogin = (email: () => string): Target => ({
  rest: () => ({ path: '/users/login', data: { email: email(), password: 'wrong-password-guess-1' } }),
  graphql: () => `loginUser(email: ${gqlString(email())}, password: "wrong-password-guess-1") { token }`,
})

describe('sign-in', () => {
  it('per client address: one budget over REST, multipart, GraphQL and aliases', async () => {
    await expectOneBudget(
      (budget) => ({
        RATE_LIMIT_LOGIN_PER_15_MINUTES: String(budget),
        RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: HIGH,
      }),
      badLogin(() => `nobody-${unique()}@test.mspn.dev`),
    )
  })

  it('per account, from many addresses: one budget of failures over every door, for known and unknown emails', async () => {
    const known = await createUser(cms, 'author', 'Budgeted')
    const env = (budget: number) => ({
      TRUST_PROXY: '1',
      RATE_LIMIT_LOGIN_PER_15_MINUTES: HIGH,
      RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: String(budget),
    })
    const spread = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i % 250}` })
    await expectOneBudget(env, { ...badLogin(() => known.email), headers: spread })
    const ghost = `ghost-${unique()}@test.mspn.dev`
    await expectOneBudget(env, { ...badLogin(() => ghost), headers: spread })
  })

  it('per account: a successful sign-in over GraphQL or REST does not count', async () => {
    const user = await createUser(cms, 'author', 'Succeeds')
    const api = await cms.extraApp({
      RATE_LIMIT_LOGIN_PER_15_MINUTES: HIGH,
      RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: '2',
    })
    const good: Target = {
      rest: () => ({ path: '/users/login', data: { email: user.email, password: user.password } }),
      graphql: () => `loginUser(email: ${gqlString(user.email)}, password: ${gqlString(user.password)}) { token }`,
    }
    for (const door of DOORS) {
      const answer = await through(api, door, good)
      expect(answer.outcomes.every((o) => o === 'passed')).toBe(true)
      expect(answer.status).toBe(200)
    }
    const bad = badLogin(() => user.email)
    expect((await through(api, 'rest', bad)).outcomes).toEqual(['passed'])
    expect((await through(api, 'graphql', bad)).outcomes).toEqual(['passed'])
    expectRefused('aliases', await through(api, 'aliases', good))
  })

  it('answers the same 429 whether the account exists or not', async () => {
    const known = await createUser(cms, 'author', 'Twin')
    const api = await cms.extraApp({
      TRUST_PROXY: '1',
      RATE_LIMIT_LOGIN_PER_15_MINUTES: HIGH,
      RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: '1',
    })
    const answers = []
    for (const email of [known.email, `ghost-${unique()}@test.mspn.dev`]) {
      for (const door of ['rest', 'graphql'] as const) {
        await through(
          api,
          door,
          badLogin(() => email),
        )
        const refused = await through(
          api,
          door,
          badLogin(() => email),
        )
        expectRefused(door, refused)
        answers.push({ door, status: refused.status, errors: refused.body.errors })
      }
    }
    const [knownRest, knownGraphql, ghostRest, ghostGraphql] = answers
    expect(ghostRest.errors).toEqual(knownRest.errors)
    expect(ghostGraphql.errors.map((e: { message: string }) => e.message)).toEqual(
      knownGraphql.errors.map((e: { message: string }) => e.message),
    )
  })

  it('a batch cannot bypass the budget: it is refused whole, and runs nothing', async () => {
    const api = await cms.extraApp({
      RATE_LIMIT_LOGIN_PER_15_MINUTES: '1',
      RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: HIGH,
    })
    const query = 'mutation { loginUser(email: "batch@test.mspn.dev", password: "wrong-password-guess-1") { token } }'
    const batch = await request(`${api}/graphql`, { method: 'POST', json: [{ query }, { query }, { query }] })
    expect(batch.status).toBe(400)
    // Nothing ran: the whole budget is still there for one attempt, then it is spent.
    expect(
      (
        await through(
          api,
          'rest',
          badLogin(() => 'batch@test.mspn.dev'),
        )
      ).outcomes,
    ).toEqual(['passed'])
    expectRefused(
      'graphql',
      await through(
        api,
        'graphql',
        badLogin(() => 'batch@test.mspn.dev'),
      ),
    )
  })
})

describe("the internal header that names an app's limits", () => {
  it('cannot be sent by a client to escape them', async () => {
    const api = await cms.extraApp({
      RATE_LIMIT_LOGIN_PER_15_MINUTES: '1',
      RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: HIGH,
    })
    const spoofed = {
      ...badLogin(() => `spoof-${unique()}@test.mspn.dev`),
      headers: () => ({ [LIMITS_HEADER]: 'none-at-all' }),
    }
    expect((await through(api, 'rest', spoofed)).outcomes).toEqual(['passed'])
    expectRefused('rest', await through(api, 'rest', spoofed))
    expectRefused('graphql', await through(api, 'graphql', spoofed))
  })
})

describe('password reset', () => {
  it('forgot-password: one budget over every door', async () => {
    await expectOneBudget((budget) => ({ RATE_LIMIT_LOGIN_PER_15_MINUTES: String(budget) }), {
      rest: () => ({ path: '/users/forgot-password', data: { email: `forgot-${unique()}@test.mspn.dev` } }),
      graphql: () => `forgotPasswordUser(email: ${gqlString(`forgot-${unique()}@test.mspn.dev`)})`,
    })
  })

  it('reset-password: one budget over every door', async () => {
    await expectOneBudget((budget) => ({ RATE_LIMIT_LOGIN_PER_15_MINUTES: String(budget) }), {
      rest: () => ({
        path: '/users/reset-password',
        data: { token: `not-a-token-${unique()}`, password: 'A-brand-new-passphrase-42' },
      }),
      graphql: () =>
        `resetPasswordUser(token: ${gqlString(`not-a-token-${unique()}`)}, password: "A-brand-new-passphrase-42") { token }`,
    })
  })
})

const MINUTE_AGO = () => Date.now() - 60_000
const inquiryData = (extra: Record<string, unknown> = {}) => ({
  name: 'Budget Tester',
  email: `lead-${unique()}@example.com`,
  message: 'Hello, a long enough message.',
  ...extra,
})
/**
 * GraphQL input literal for an inquiry (keys unquoted; formStartedAt as a number). Payload's input
 * type requires `status` (a required field, though it has a default an anonymous caller cannot change).
 */
const inquiryInput = (extra: Record<string, unknown> = {}) =>
  `{ ${Object.entries(inquiryData(extra))
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ')}, status: new }`

async function inquiryCount(): Promise<number> {
  return (await cms.payload.count({ collection: 'inquiries', overrideAccess: true })).totalDocs
}

describe('contact form', () => {
  it('one budget over every door', async () => {
    await expectOneBudget((budget) => ({ RATE_LIMIT_CONTACT_PER_HOUR: String(budget) }), {
      rest: () => ({ path: '/inquiries', data: inquiryData({ formStartedAt: MINUTE_AGO() }) }),
      graphql: () => `createInquiry(data: ${inquiryInput({ formStartedAt: MINUTE_AGO() })}) { createdAt }`,
    })
  })

  it('refuses spam over GraphQL: no start time, a filled honeypot, too fast, a future or unreadable start', async () => {
    const before = await inquiryCount()
    const create = (extra: Record<string, unknown>) =>
      request(`${cms.api}/graphql`, {
        method: 'POST',
        json: { query: `mutation { createInquiry(data: ${inquiryInput(extra)}) { createdAt } }` },
      })
    const codeOf = (answer: Awaited<ReturnType<typeof create>>) => {
      expect(answer.body.data?.createInquiry ?? null).toBeNull()
      return answer.body.errors?.[0]?.extensions?.code
    }
    expect(codeOf(await create({}))).toBe('VALIDATION_ERROR')
    expect(codeOf(await create({ formStartedAt: null }))).toBe('VALIDATION_ERROR')
    expect(codeOf(await create({ formStartedAt: 'yesterday-ish' }))).toBe('VALIDATION_ERROR')
    expect(codeOf(await create({ formStartedAt: Date.now() + 3_600_000 }))).toBe('VALIDATION_ERROR')
    expect(codeOf(await create({ formStartedAt: Date.now() - 500 }))).toBe('TOO_FAST')
    expect(codeOf(await create({ formStartedAt: MINUTE_AGO(), website: 'http://spam.example' }))).toBe('SPAM_SUSPECTED')
    expect(await inquiryCount()).toBe(before)
    // A human-paced form passes, also as an ISO date, and the inputs are never stored or returned.
    const ok = await create({ formStartedAt: new Date(MINUTE_AGO()).toISOString(), website: '' })
    expect(ok.body.errors).toBeUndefined()
    expect(await inquiryCount()).toBe(before + 1)
  })

  it('refuses spam over REST JSON and multipart: the fill time cannot be skipped by leaving it out', async () => {
    const before = await inquiryCount()
    for (const door of ['rest', 'multipart'] as const) {
      const post = async (extra: Record<string, unknown>) =>
        (
          await through(cms.api, door, {
            rest: () => ({ path: '/inquiries', data: inquiryData(extra) }),
            graphql: () => '',
          })
        ).body.errors
      expect(await post({})).toEqual([
        { message: expect.stringContaining('formStartedAt'), field: 'formStartedAt', code: 'VALIDATION_ERROR' },
      ])
      expect(await post({ formStartedAt: { a: 1 } })).toEqual([
        expect.objectContaining({ field: 'formStartedAt', code: 'VALIDATION_ERROR' }),
      ])
      expect(await post({ formStartedAt: Date.now() - 500 })).toEqual([
        expect.objectContaining({ field: 'formStartedAt', code: 'TOO_FAST' }),
      ])
      expect(await post({ formStartedAt: MINUTE_AGO(), website: 'x' })).toEqual([
        { message: expect.any(String), code: 'SPAM_SUSPECTED' },
      ])
    }
    expect(await inquiryCount()).toBe(before)
  })

  it('lets signed-in staff create inquiries without the form fields, outside the contact budget', async () => {
    const editor = await createUser(cms, 'editor', 'Desk')
    const auth = await login(cms, editor.email, editor.password)
    const api = await cms.extraApp({ RATE_LIMIT_CONTACT_PER_HOUR: '1' })
    for (let i = 0; i < 3; i += 1)
      expect((await request(`${api}/inquiries`, { method: 'POST', json: inquiryData(), auth })).status).toBe(201)
    // The anonymous budget is untouched.
    expect(
      (await request(`${api}/inquiries`, { method: 'POST', json: inquiryData({ formStartedAt: MINUTE_AGO() }) }))
        .status,
    ).toBe(201)
    expect(
      (await request(`${api}/inquiries`, { method: 'POST', json: inquiryData({ formStartedAt: MINUTE_AGO() }) }))
        .status,
    ).toBe(429)
  })
})

describe('API-key issue', () => {
  it('one budget over the rotate endpoint, a multipart update, GraphQL and aliases', async () => {
    const editor = await createUser(cms, 'editor', 'Keyholder')
    const auth = await login(cms, editor.email, editor.password)
    const id = editor.user.id
    await expectOneBudget((budget) => ({ RATE_LIMIT_API_KEY_ROTATION_PER_HOUR: String(budget) }), {
      // The endpoint for JSON; the admin's multipart update (a key it generated) for multipart.
      rest: () => ({ path: `/users/${id}/rotate-api-key`, data: {} }),
      multipart: () => ({
        path: `/users/${id}`,
        method: 'PATCH',
        data: { enableAPIKey: true, apiKey: `key-${unique()}` },
      }),
      graphql: () => `updateUser(id: ${id}, data: { enableAPIKey: true, apiKey: ${gqlString(unique())} }) { id }`,
      headers: () => ({ authorization: auth }),
    })
    // A plain REST update that sets a new key spends it too; one that resends the current key does not.
    const api = await cms.extraApp({ RATE_LIMIT_API_KEY_ROTATION_PER_HOUR: '1' })
    const key = `key-${unique()}`
    expect(
      (await request(`${api}/users/${id}`, { method: 'PATCH', json: { enableAPIKey: true, apiKey: key }, auth }))
        .status,
    ).toBe(200)
    expect(
      (
        await request(`${api}/users/${id}`, {
          method: 'PATCH',
          json: { enableAPIKey: true, apiKey: key, name: 'Same Key' },
          auth,
        })
      ).status,
    ).toBe(200)
    const refused = await request(`${api}/users/${id}`, { method: 'PATCH', json: { apiKey: `key-${unique()}` }, auth })
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].code).toBe('RATE_LIMITED')
  })
})
