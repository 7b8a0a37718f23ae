/**
 * API key rotation over HTTP: POST /users/:id/rotate-api-key (owner or admin) answers a new key
 * once; the previous key keeps working for API_KEY_ROTATION_OVERLAP_SECONDS (a few seconds here),
 * then is refused, and the refusal is in the audit trail. The stored hashes are never readable or
 * writable through any API.
 */
import { createHmac } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createUser, login, startTestCms, TEST_SECRET, type TestCms } from '../../helpers/cms'
import { graphql, request } from '../../helpers/http'

const OVERLAP_SECONDS = 4
let cms: TestCms
let admin: Awaited<ReturnType<typeof createUser>>
let adminToken: string

beforeAll(async () => {
  cms = await startTestCms({ env: { API_KEY_ROTATION_OVERLAP_SECONDS: String(OVERLAP_SECONDS) } })
  admin = await createUser(cms, 'admin')
  adminToken = await login(cms, admin.email, admin.password)
})

afterAll(async () => {
  await cms?.stop()
})

const apiKey = (key: string) => `users API-Key ${key}`
const rotate = (id: number | string, auth?: string) =>
  request(`${cms.api}/users/${id}/rotate-api-key`, { method: 'POST', auth })

/** Who a key signs in as (null when refused); a staff-only read must agree. */
async function whoIs(key: string): Promise<string | null> {
  const me = await request(`${cms.api}/users/me`, { auth: apiKey(key) })
  expect(me.status).toBe(200)
  const versions = await request(`${cms.api}/posts/versions`, { auth: apiKey(key) })
  expect(versions.status).toBe(me.body.user ? 200 : 403)
  return me.body.user ? String(me.body.user.id) : null
}

async function auditActions(userId: number | string) {
  const found = await cms.payload.find({
    collection: 'audit-logs',
    where: {
      and: [
        { entity: { equals: 'users' } },
        { documentId: { equals: String(userId) } },
        { action: { in: ['api-key-issued', 'api-key-previous-refused'] } },
      ],
    },
    overrideAccess: true,
    sort: 'createdAt',
  })
  return found.docs
}

describe('rotating an API key', () => {
  it('issues a new key shown once, keeps the old one during the overlap, then refuses it', async () => {
    const editor = await createUser(cms, 'editor', 'Integrator')
    const token = await login(cms, editor.email, editor.password)
    const id = String(editor.user.id)

    const first = await rotate(id, token)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.body.apiKey).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    // No key before: nothing to overlap.
    expect(first.body.previousKeyValidUntil).toBeNull()
    const oldKey = first.body.apiKey as string
    expect(await whoIs(oldKey)).toBe(id)

    const second = await rotate(id, apiKey(oldKey))
    expect(second.status).toBe(200)
    const newKey = second.body.apiKey as string
    expect(newKey).not.toBe(oldKey)
    const validUntil = Date.parse(second.body.previousKeyValidUntil)
    expect(validUntil).toBeGreaterThan(Date.now())
    expect(validUntil).toBeLessThanOrEqual(Date.now() + OVERLAP_SECONDS * 1000)

    expect(await whoIs(newKey)).toBe(id)
    expect(await whoIs(oldKey)).toBe(id)
    // The key is never readable again.
    const read = await request(`${cms.api}/users/${id}`, { auth: adminToken })
    expect(JSON.stringify(read.body)).not.toContain(newKey)

    await sleep(Math.max(0, validUntil - Date.now()) + 200)
    expect(await whoIs(oldKey)).toBeNull()
    expect(await whoIs(oldKey)).toBeNull()
    expect(await whoIs(newKey)).toBe(id)

    const actions = (await auditActions(id)).map((entry) => entry.action)
    expect(actions).toEqual(['api-key-issued', 'api-key-issued', 'api-key-previous-refused'])
    const [issued] = await auditActions(id)
    const actor = issued.user as { id: number } | number | null
    expect(String(actor && typeof actor === 'object' ? actor.id : actor)).toBe(id)
  })

  it('lets an admin rotate anyone’s key; nobody else may rotate another account’s key', async () => {
    const author = await createUser(cms, 'author', 'Rotated')
    const editor = await createUser(cms, 'editor', 'Nosy')
    const editorToken = await login(cms, editor.email, editor.password)

    const byAdmin = await rotate(author.user.id, adminToken)
    expect(byAdmin.status).toBe(200)
    expect(
      await request(`${cms.api}/users/me`, { auth: apiKey(byAdmin.body.apiKey) }).then((r) => String(r.body.user?.id)),
    ).toBe(String(author.user.id))

    const byEditor = await rotate(author.user.id, editorToken)
    expect(byEditor.status).toBe(403)
    expect(byEditor.body.errors[0].code).toBe('FORBIDDEN')
    const anonymous = await rotate(author.user.id)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.errors[0].code).toBe('UNAUTHORIZED')
    expect((await rotate(999_999, adminToken)).status).toBe(404)
    // The refused attempts changed nothing: the admin-issued key still works.
    expect(
      await request(`${cms.api}/users/me`, { auth: apiKey(byAdmin.body.apiKey) }).then((r) => String(r.body.user?.id)),
    ).toBe(String(author.user.id))
  })

  it('turning API access off revokes the key in overlap too', async () => {
    const user = await createUser(cms, 'editor', 'Revoked')
    const first = await rotate(user.user.id, adminToken)
    const second = await rotate(user.user.id, adminToken)
    expect(await whoIs(first.body.apiKey)).toBe(String(user.user.id))
    const off = await request(`${cms.api}/users/${user.user.id}`, {
      method: 'PATCH',
      auth: adminToken,
      json: { enableAPIKey: false },
    })
    expect(off.status).toBe(200)
    expect(await whoIs(first.body.apiKey)).toBeNull()
    expect(await whoIs(second.body.apiKey)).toBeNull()
  })
})

describe('stored key hashes', () => {
  it('are never returned by REST or GraphQL, and cannot be written through them', async () => {
    const user = await createUser(cms, 'editor', 'Hidden')
    await rotate(user.user.id, adminToken)
    await rotate(user.user.id, adminToken)
    const rest = await request(
      `${cms.api}/users/${user.user.id}?select[previousApiKeyDigest]=true&select[apiKeyDigest]=true&select[previousApiKeyExpiresAt]=true`,
      { auth: adminToken },
    )
    expect(rest.status).toBe(200)
    for (const field of ['apiKeyDigest', 'previousApiKeyDigest', 'previousApiKeyExpiresAt'])
      expect(rest.body).not.toHaveProperty(field)
    const list = await request(`${cms.api}/users?where[previousApiKeyDigest][exists]=true`, { auth: adminToken })
    // Not even usable as a filter (it would be an oracle).
    expect(list.status).toBe(400)
    const gql = await graphql(
      cms.api,
      `{ User(id: ${JSON.stringify(user.user.id)}) { id previousApiKeyDigest } }`,
      adminToken,
    )
    // Hidden from the schema's output: the field reads as null whoever asks.
    expect(gql.body.data?.User?.previousApiKeyDigest ?? null).toBeNull()
    expect(JSON.stringify(gql.body)).not.toMatch(/[0-9a-f]{64}/)

    // An admin cannot plant a previous key of their choosing.
    const planted = 'a-key-the-admin-made-up-0123456789'
    const digest = createHmac('sha256', TEST_SECRET).update(planted).digest('hex')
    const write = await request(`${cms.api}/users/${user.user.id}`, {
      method: 'PATCH',
      auth: adminToken,
      json: { previousApiKeyDigest: digest, previousApiKeyExpiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    })
    expect(write.status).toBe(200)
    expect(await whoIs(planted)).toBeNull()
  })
})
