/**
 * Changing a password ends the account's other sessions (Payload's `auth.useSessions`): when the
 * owner changes it (only the session that did it survives), when an admin changes it, and on a
 * password reset. Checked over HTTP with real tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { request } from '../../helpers/http'

let cms: TestCms
let adminToken: string

beforeAll(async () => {
  cms = await startTestCms()
  const admin = await createUser(cms, 'admin')
  adminToken = await login(cms, admin.email, admin.password)
})

afterAll(async () => {
  await cms?.stop()
})

/** Whether a token still authenticates: /users/me names the user, and an editor-only read is allowed. */
async function signedIn(token: string): Promise<boolean> {
  const me = await request(`${cms.api}/users/me`, { auth: token })
  expect(me.status).toBe(200)
  const posts = await request(`${cms.api}/posts/versions`, { auth: token })
  expect(posts.status).toBe(me.body.user ? 200 : 403)
  return Boolean(me.body.user)
}

describe('password change', () => {
  it('by the owner: the session that changed it survives, every other one ends', async () => {
    const user = await createUser(cms, 'editor', 'Owner')
    const first = await login(cms, user.email, user.password)
    const second = await login(cms, user.email, user.password)
    expect(await signedIn(first)).toBe(true)
    expect(await signedIn(second)).toBe(true)

    const changed = await request(`${cms.api}/users/${user.user.id}`, {
      method: 'PATCH',
      auth: first,
      json: { password: 'owner-new-passphrase-1' },
    })
    expect(changed.status).toBe(200)
    expect(await signedIn(first)).toBe(true)
    expect(await signedIn(second)).toBe(false)
    const writeWithOld = await request(`${cms.api}/categories`, {
      method: 'POST',
      auth: second,
      json: { title: 'From an ended session' },
    })
    expect(writeWithOld.status).toBe(403)

    await expect(login(cms, user.email, user.password)).rejects.toThrow(/401/)
    expect(await signedIn(await login(cms, user.email, 'owner-new-passphrase-1'))).toBe(true)
  })

  it('by an admin: every session of that account ends', async () => {
    const user = await createUser(cms, 'editor', 'Managed')
    const first = await login(cms, user.email, user.password)
    const second = await login(cms, user.email, user.password)
    const changed = await request(`${cms.api}/users/${user.user.id}`, {
      method: 'PATCH',
      auth: adminToken,
      json: { password: 'admin-chosen-passphrase' },
    })
    expect(changed.status).toBe(200)
    expect(await signedIn(first)).toBe(false)
    expect(await signedIn(second)).toBe(false)
    expect(await signedIn(adminToken)).toBe(true)
    await expect(login(cms, user.email, user.password)).rejects.toThrow(/401/)
    await login(cms, user.email, 'admin-chosen-passphrase')
  })

  it('by a password reset: every earlier session ends', async () => {
    const user = await createUser(cms, 'editor', 'Reset')
    const first = await login(cms, user.email, user.password)
    const token = await cms.payload.forgotPassword({
      collection: 'users',
      data: { email: user.email },
      disableEmail: true,
    })
    const reset = await request(`${cms.api}/users/reset-password`, {
      method: 'POST',
      json: { token, password: 'reset-to-this-passphrase' },
    })
    expect(reset.status).toBe(200)
    expect(await signedIn(first)).toBe(false)
    expect(await signedIn(`JWT ${reset.body.token}`)).toBe(true)
    await expect(login(cms, user.email, user.password)).rejects.toThrow(/401/)
  })
})
