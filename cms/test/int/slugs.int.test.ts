/** Slugs: derived from titles, unique per collection, URL-safe, editable with validation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { richText } from '../../src/seed/lexical'
import { ADMIN, login, startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

let cms: TestCms
let auth: string

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({
    collection: 'users',
    data: { ...ADMIN, name: 'Admin', role: 'admin' },
    overrideAccess: true,
  })
  auth = await login(cms, ADMIN.email, ADMIN.password)
})

afterAll(async () => {
  await cms?.stop()
})

const createCategory = (data: Record<string, unknown>) =>
  request(`${cms.api}/categories`, { method: 'POST', json: data, auth })

describe('slugs', () => {
  it('are derived from the title when left empty', async () => {
    const { status, body } = await createCategory({ title: 'Cloud & DevOps: Ünïcode!' })
    expect(status).toBe(201)
    expect(body.doc.slug).toBe('cloud-and-devops-unicode')
  })

  it('get a numeric suffix when the derived slug is taken', async () => {
    const a = await createCategory({ title: 'Same title' })
    const b = await createCategory({ title: 'Same title' })
    const c = await createCategory({ title: 'Same  Title' })
    expect([a.body.doc.slug, b.body.doc.slug, c.body.doc.slug]).toEqual(['same-title', 'same-title-2', 'same-title-3'])
  })

  it('keep their value when the title changes later', async () => {
    const { body } = await createCategory({ title: 'Original name' })
    const renamed = await request(`${cms.api}/categories/${body.doc.id}`, {
      method: 'PATCH',
      json: { title: 'New name' },
      auth,
    })
    expect(renamed.body.doc.slug).toBe('original-name')
  })

  it('refuse an invalid slug typed by hand with a 400 naming the field', async () => {
    for (const slug of ['Has Spaces', 'UPPER', '../etc', 'trailing-', 'a--b', '<script>']) {
      const before = await cms.payload.count({ collection: 'categories' })
      const { status, body } = await createCategory({ title: 'Manual', slug })
      expect(status, slug).toBe(400)
      expect(body.errors[0].field).toBe('slug')
      expect((await cms.payload.count({ collection: 'categories' })).totalDocs).toBe(before.totalDocs)
    }
  })

  it('refuse a duplicate slug typed by hand', async () => {
    await createCategory({ title: 'First', slug: 'taken' })
    const { status, body } = await createCategory({ title: 'Second', slug: 'taken' })
    expect(status).toBe(400)
    expect(body.errors[0].field).toBe('slug')
  })

  it('work the same on versioned collections (posts)', async () => {
    const content = richText('Body text')
    const one = await request(`${cms.api}/posts`, {
      method: 'POST',
      json: { title: 'Hello World', excerpt: 'x', content, _status: 'published' },
      auth,
    })
    const two = await request(`${cms.api}/posts?draft=true`, {
      method: 'POST',
      json: { title: 'Hello, world!', excerpt: 'y', content, _status: 'draft' },
      auth,
    })
    expect(one.status).toBe(201)
    expect(two.status).toBe(201)
    expect(one.body.doc.slug).toBe('hello-world')
    expect(two.body.doc.slug).toBe('hello-world-2')
  })
})
