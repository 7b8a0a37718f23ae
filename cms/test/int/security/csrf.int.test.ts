/**
 * CSRF over HTTP: a signed-in editor's cookie must not let another site change anything. Writes
 * carrying the session cookie from an origin outside CORS_ORIGINS are refused with a 403 envelope
 * and leave the database untouched; the same writes from an allowed origin go through; requests
 * authenticated by API key or Authorization header are not affected by where they come from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createUser, startTestCms, type TestCms } from '../../helpers/cms'
import { graphql, request } from '../../helpers/http'

const SITE = 'https://site.example'
const EVIL = 'https://evil.example'

let cms: TestCms
let cookie: string
let jwt: string
let apiKey: string

beforeAll(async () => {
  cms = await startTestCms({ env: { CORS_ORIGINS: SITE } })
  const editor = await createUser(cms, 'editor', 'Csrf Editor')
  const signIn = await fetch(`${cms.api}/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SITE },
    body: JSON.stringify({ email: editor.email, password: editor.password }),
  })
  expect(signIn.status).toBe(200)
  const token = (await signIn.json()).token as string
  const setCookie = signIn.headers.getSetCookie().find((line) => line.startsWith('payload-token='))
  expect(setCookie).toBeDefined()
  cookie = (setCookie as string).split(';')[0]
  jwt = `JWT ${token}`
  apiKey = `users API-Key ${crypto.randomUUID()}`
  await cms.payload.update({
    collection: 'users',
    id: editor.user.id,
    data: { enableAPIKey: true, apiKey: apiKey.slice('users API-Key '.length) },
    overrideAccess: true,
  })
})

afterAll(async () => {
  await cms?.stop()
})

/** A request as a browser would send it with the editor's cookie, from `origin`. */
const withCookie = (origin: string | undefined, extra: Record<string, string> = {}) => ({
  cookie,
  ...(origin ? { origin } : {}),
  ...extra,
})

const titles = async () =>
  (await cms.payload.find({ collection: 'categories', pagination: false, overrideAccess: true })).docs
    .map((doc) => doc.title)
    .sort()

async function createCategory(title: string): Promise<number> {
  const doc = await cms.payload.create({ collection: 'categories', data: { title }, overrideAccess: true })
  return doc.id
}

function expectRefused(response: { status: number; body: any }) {
  expect(response.status).toBe(403)
  expect(response.body.errors[0].code).toBe('CSRF_REFUSED')
  expect(typeof response.body.requestId).toBe('string')
}

describe('cookie-authenticated writes from a foreign origin', () => {
  it('refuse POST, PATCH and DELETE on a collection and change nothing', async () => {
    const id = await createCategory('Kept as is')
    const before = await titles()
    expectRefused(
      await request(`${cms.api}/categories`, {
        method: 'POST',
        headers: withCookie(EVIL),
        json: { title: 'Forged create' },
      }),
    )
    expectRefused(
      await request(`${cms.api}/categories/${id}`, {
        method: 'PATCH',
        headers: withCookie(EVIL),
        json: { title: 'Forged edit' },
      }),
    )
    expectRefused(await request(`${cms.api}/categories/${id}`, { method: 'DELETE', headers: withCookie(EVIL) }))
    // Browsers that omit Origin still say where a request comes from.
    expectRefused(
      await request(`${cms.api}/categories`, {
        method: 'POST',
        headers: withCookie(undefined, { 'sec-fetch-site': 'cross-site' }),
        json: { title: 'Forged too' },
      }),
    )
    // Sandboxed frames and file: pages send the literal origin "null".
    expectRefused(
      await request(`${cms.api}/categories`, {
        method: 'POST',
        headers: withCookie('null'),
        json: { title: 'From null' },
      }),
    )
    expect(await titles()).toEqual(before)
  })

  it('refuse a GraphQL mutation and change nothing', async () => {
    const before = await titles()
    const response = await request(`${cms.api}/graphql`, {
      method: 'POST',
      headers: withCookie(EVIL),
      json: { query: 'mutation { createCategory(data: { title: "Forged by GraphQL" }) { id } }' },
    })
    expectRefused(response)
    expect(await titles()).toEqual(before)
  })

  it('refuse logout, so another site cannot end the session', async () => {
    expectRefused(await request(`${cms.api}/users/logout`, { method: 'POST', headers: withCookie(EVIL) }))
    const me = await request(`${cms.api}/users/me`, { headers: withCookie(SITE) })
    expect(me.status).toBe(200)
    expect(me.body.user?.name).toBe('Csrf Editor')
  })
})

describe('the same writes from an allowed origin', () => {
  it('create, edit and delete through the cookie', async () => {
    const created = await request(`${cms.api}/categories`, {
      method: 'POST',
      headers: withCookie(SITE),
      json: { title: 'Honest create' },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    expect(
      (
        await request(`${cms.api}/categories/${id}`, {
          method: 'PATCH',
          headers: withCookie(SITE),
          json: { title: 'Honest edit' },
        })
      ).status,
    ).toBe(200)
    expect(await titles()).toContain('Honest edit')
    // Editors delete for good where there is no trash: a redirect.
    const gone = await request(`${cms.api}/redirects`, {
      method: 'POST',
      headers: withCookie(SITE),
      json: { from: '/csrf-retired', type: '410' },
    })
    expect(gone.status).toBe(201)
    const goneId = gone.body.doc.id
    expect(
      (await request(`${cms.api}/redirects/${goneId}`, { method: 'DELETE', headers: withCookie(SITE) })).status,
    ).toBe(200)
    expect(await cms.payload.count({ collection: 'redirects', where: { id: { equals: goneId } } })).toEqual({
      totalDocs: 0,
    })
    // Same-origin navigation without an Origin header (Sec-Fetch-Site: same-origin) is fine too.
    const sameOrigin = await request(`${cms.api}/categories`, {
      method: 'POST',
      headers: withCookie(undefined, { 'sec-fetch-site': 'same-origin' }),
      json: { title: 'Same origin create' },
    })
    expect(sameOrigin.status).toBe(201)
  })

  it('run a GraphQL mutation through the cookie', async () => {
    const response = await request(`${cms.api}/graphql`, {
      method: 'POST',
      headers: withCookie(SITE),
      json: { query: 'mutation { createCategory(data: { title: "Honest GraphQL" }) { id } }' },
    })
    expect(response.status).toBe(200)
    expect(response.body.data.createCategory.id).toBeDefined()
    expect(await titles()).toContain('Honest GraphQL')
  })
})

describe('API keys and Authorization headers', () => {
  it('are accepted from any origin: they cannot be forged by a browser', async () => {
    const byKey = await request(`${cms.api}/categories`, {
      method: 'POST',
      headers: { origin: EVIL },
      auth: apiKey,
      json: { title: 'Key from elsewhere' },
    })
    expect(byKey.status).toBe(201)
    const byJwt = await request(`${cms.api}/categories`, {
      method: 'POST',
      headers: { origin: EVIL },
      auth: jwt,
      json: { title: 'JWT from elsewhere' },
    })
    expect(byJwt.status).toBe(201)
    const bearer = await graphql(
      cms.api,
      'mutation { createCategory(data: { title: "Bearer GraphQL" }) { id } }',
      `Bearer ${jwt.slice(4)}`,
    )
    expect(bearer.status).toBe(200)
    expect(bearer.body.data?.createCategory).toBeDefined()
    expect(await titles()).toEqual(
      expect.arrayContaining(['Key from elsewhere', 'JWT from elsewhere', 'Bearer GraphQL']),
    )
  })

  it('leave reads from a foreign origin alone (CORS keeps their answers from the page)', async () => {
    const read = await request(`${cms.api}/categories?limit=1`, { headers: withCookie(EVIL) })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
  })
})
