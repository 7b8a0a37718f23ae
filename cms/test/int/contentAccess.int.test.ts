/**
 * Who may do what with editorial content, on every database: visitors read published work only
 * (whatever the query asks), authors write their own drafts, editors publish, admins run the place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { richText } from '../../src/seed/lexical'
import { createUser, login, startTestCms, type TestCms } from '../helpers/cms'
import { graphql, request } from '../helpers/http'

let cms: TestCms
let admin: Awaited<ReturnType<typeof createUser>>
let editor: Awaited<ReturnType<typeof createUser>>
let author: Awaited<ReturnType<typeof createUser>>
let otherAuthor: Awaited<ReturnType<typeof createUser>>
/** Ids are numbers on SQL adapters and strings on MongoDB; the generated types say number. */
const ids: Record<string, number> = {}

const postData = (title: string, status: 'draft' | 'published', authorId: number) => ({
  title,
  excerpt: `${title} excerpt`,
  content: richText(`${title} body`),
  author: authorId,
  _status: status,
})

beforeAll(async () => {
  cms = await startTestCms()
  admin = await createUser(cms, 'admin')
  editor = await createUser(cms, 'editor')
  author = await createUser(cms, 'author', 'Ada Author')
  otherAuthor = await createUser(cms, 'author', 'Otto Other')
  const create = async (key: string, data: ReturnType<typeof postData>) => {
    const doc = await cms.payload.create({
      collection: 'posts',
      data,
      overrideAccess: true,
      draft: data._status === 'draft',
    })
    ids[key] = doc.id as number
  }
  await create('published', postData('Public post', 'published', author.user.id))
  await create('ownDraft', postData('Secret draft of Ada', 'draft', author.user.id))
  await create('otherDraft', postData('Secret draft of Otto', 'draft', otherAuthor.user.id))
  const page = await cms.payload.create({
    collection: 'pages',
    data: { title: 'Hidden page', _status: 'draft', layout: [{ blockType: 'hero', heading: 'Hidden' }] },
    overrideAccess: true,
    draft: true,
  })
  ids.draftPage = page.id as number
})

afterAll(async () => {
  await cms?.stop()
})

const titles = (docs: { title: string }[]) => docs.map((d) => d.title).sort()

describe('visitors (anonymous)', () => {
  it('list published posts only, whatever draft, where or select they send', async () => {
    for (const query of [
      '',
      '?draft=true',
      '?where[_status][equals]=draft',
      '?where[_status][not_equals]=published&draft=true',
      '?select[title]=true&draft=true',
    ]) {
      const { status, body } = await request(`${cms.api}/posts${query}`)
      expect(status, query).toBe(200)
      expect(titles(body.docs), query).toEqual(
        query.includes('[equals]=draft') || query.includes('not_equals') ? [] : ['Public post'],
      )
    }
  })

  it('cannot fetch a draft by id, count drafts or read versions', async () => {
    expect((await request(`${cms.api}/posts/${ids.ownDraft}?draft=true`)).status).toBe(404)
    expect((await request(`${cms.api}/pages/${ids.draftPage}`)).status).toBe(404)
    const count = await request(`${cms.api}/posts/count?draft=true`)
    expect(count.body.totalDocs).toBe(1)
    expect((await request(`${cms.api}/posts/versions`)).status).toBe(403)
    expect((await request(`${cms.api}/pages/versions`)).status).toBe(403)
  })

  it('see only published posts through GraphQL, drafts and versions included', async () => {
    const list = await graphql(cms.api, '{ Posts(draft: true, limit: 50) { docs { title _status } } }')
    expect(titles(list.body.data.Posts.docs)).toEqual(['Public post'])
    const one = await graphql(cms.api, `{ Post(id: ${JSON.stringify(ids.ownDraft)}, draft: true) { title } }`)
    expect(one.body.data?.Post ?? null).toBeNull()
    const versions = await graphql(cms.api, '{ versionsPosts { docs { id } } }')
    expect(versions.body.errors?.[0]?.message).toMatch(/not allowed/i)
  })

  it('never see users, their emails, or who wrote a post beyond the byline', async () => {
    expect((await request(`${cms.api}/users`)).status).toBe(403)
    const gql = await graphql(cms.api, '{ Users { docs { email } } }')
    expect(gql.body.errors?.[0]?.message).toMatch(/not allowed/i)
    const { body } = await request(`${cms.api}/posts?depth=2`)
    expect(body.docs[0].authorName).toBe('Ada Author')
    expect(body.docs[0]).not.toHaveProperty('author')
    expect(JSON.stringify(body)).not.toContain('@test.mspn.dev')
  })

  it('cannot write editorial content', async () => {
    expect(
      (await request(`${cms.api}/posts`, { method: 'POST', json: postData('Spam', 'draft', author.user.id) })).status,
    ).toBe(403)
    expect(
      (await request(`${cms.api}/posts/${ids.published}`, { method: 'PATCH', json: { title: 'Defaced' } })).status,
    ).toBe(403)
    expect((await request(`${cms.api}/posts/${ids.published}`, { method: 'DELETE' })).status).toBe(403)
  })
})

describe('authors', () => {
  const asAuthor = () => ({ user: { ...author.user, collection: 'users' as const }, overrideAccess: false })

  it('create drafts credited to themselves, whoever they name', async () => {
    const doc = await cms.payload.create({
      collection: 'posts',
      data: postData('Ada writes', 'draft', otherAuthor.user.id),
      draft: true,
      ...asAuthor(),
    })
    expect(typeof doc.author === 'object' ? doc.author?.id : doc.author).toBe(author.user.id)
    expect(doc.authorName).toBe('Ada Author')
    expect(doc._status).toBe('draft')
  })

  it('cannot publish, on create or on update', async () => {
    await expect(
      cms.payload.create({
        collection: 'posts',
        data: postData('Ada publishes', 'published', author.user.id),
        ...asAuthor(),
      }),
    ).rejects.toThrow(/not allowed/i)
    await expect(
      cms.payload.update({ collection: 'posts', id: ids.ownDraft, data: { _status: 'published' }, ...asAuthor() }),
    ).rejects.toThrow(/not allowed/i)
    const stored = await cms.payload.findByID({
      collection: 'posts',
      id: ids.ownDraft,
      draft: true,
      overrideAccess: true,
    })
    expect(stored._status).toBe('draft')
  })

  it('edit their own drafts but not others’ work, and delete nothing', async () => {
    const updated = await cms.payload.update({
      collection: 'posts',
      id: ids.ownDraft,
      data: { title: 'Secret draft of Ada, v2' },
      draft: true,
      ...asAuthor(),
    })
    expect(updated.title).toBe('Secret draft of Ada, v2')
    await expect(
      cms.payload.update({
        collection: 'posts',
        id: ids.otherDraft,
        data: { title: 'Hijacked' },
        draft: true,
        ...asAuthor(),
      }),
    ).rejects.toThrow()
    await expect(
      cms.payload.update({
        collection: 'posts',
        id: ids.published,
        data: { title: 'Hijacked' },
        draft: true,
        ...asAuthor(),
      }),
    ).rejects.toThrow()
    await expect(cms.payload.delete({ collection: 'posts', id: ids.ownDraft, ...asAuthor() })).rejects.toThrow(
      /not allowed/i,
    )
    const other = await cms.payload.findByID({
      collection: 'posts',
      id: ids.otherDraft,
      draft: true,
      overrideAccess: true,
    })
    expect(other.title).toBe('Secret draft of Otto')
  })

  it('see published posts and their own drafts, not other authors’ drafts', async () => {
    const { docs } = await cms.payload.find({ collection: 'posts', draft: true, limit: 100, ...asAuthor() })
    const seen = docs.map((d) => d.title)
    expect(seen).toContain('Public post')
    expect(seen.some((t) => t.startsWith('Secret draft of Ada'))).toBe(true)
    expect(seen).not.toContain('Secret draft of Otto')
  })

  it('cannot touch pages, inquiries, settings or their own role', async () => {
    await expect(
      cms.payload.create({
        collection: 'pages',
        data: { title: 'Mine', layout: [{ blockType: 'hero', heading: 'x' }] },
        ...asAuthor(),
      }),
    ).rejects.toThrow(/not allowed/i)
    await expect(cms.payload.find({ collection: 'inquiries', ...asAuthor() })).rejects.toThrow(/not allowed/i)
    await expect(
      cms.payload.updateGlobal({ slug: 'site-settings', data: { siteName: 'Mine' }, ...asAuthor() }),
    ).rejects.toThrow(/not allowed/i)
    const self = await cms.payload.update({
      collection: 'users',
      id: author.user.id,
      data: { role: 'admin', name: 'Ada A.' },
      ...asAuthor(),
    })
    expect(self.role).toBe('author')
    expect(self.name).toBe('Ada A.')
    const users = await cms.payload.find({ collection: 'users', ...asAuthor() })
    expect(users.docs.map((u) => u.id)).toEqual([author.user.id])
  })
})

describe('editors', () => {
  let token: string
  beforeAll(async () => {
    token = await login(cms, editor.email, editor.password)
  })

  it('publish an author’s draft, which stamps publishedAt and makes it public', async () => {
    const { status, body } = await request(`${cms.api}/posts/${ids.otherDraft}`, {
      method: 'PATCH',
      json: { _status: 'published' },
      auth: token,
    })
    expect(status).toBe(200)
    expect(body.doc.publishedAt).toBeTruthy()
    const publicList = await request(`${cms.api}/posts`)
    expect(titles(publicList.body.docs)).toContain('Secret draft of Otto')
  })

  it('read and triage inquiries, but not manage users or site settings', async () => {
    const inquiry = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: {
        name: 'Lead',
        email: 'lead@example.com',
        message: 'We need a website by spring.',
        formStartedAt: Date.now() - 60_000,
      },
    })
    expect(inquiry.status).toBe(201)
    const read = await request(`${cms.api}/inquiries/${inquiry.body.doc.id}`, { auth: token })
    expect(read.body.email).toBe('lead@example.com')
    const triaged = await request(`${cms.api}/inquiries/${inquiry.body.doc.id}`, {
      method: 'PATCH',
      json: { status: 'in-progress' },
      auth: token,
    })
    expect(triaged.body.doc.status).toBe('in-progress')
    expect(
      (
        await request(`${cms.api}/users`, {
          method: 'POST',
          json: { email: 'x@y.co', password: 'long-enough-password', name: 'X' },
          auth: token,
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await request(`${cms.api}/globals/site-settings`, {
          method: 'POST',
          json: { siteName: 'Editor site' },
          auth: token,
        })
      ).status,
    ).toBe(403)
    expect(
      (await request(`${cms.api}/globals/navigation`, { method: 'POST', json: { items: [] }, auth: token })).status,
    ).toBe(200)
  })

  it('see staff names but not other people’s emails', async () => {
    const { body } = await request(`${cms.api}/users?limit=50`, { auth: token })
    const others = body.docs.filter((u: { id: unknown }) => u.id !== editor.user.id)
    expect(others.length).toBeGreaterThan(0)
    for (const user of others) {
      expect(user.name).toBeTruthy()
      expect(user).not.toHaveProperty('email')
    }
  })
})

describe('admins', () => {
  it('manage users and settings and may delete inquiries', async () => {
    const token = await login(cms, admin.email, admin.password)
    const created = await request(`${cms.api}/users`, {
      method: 'POST',
      json: {
        email: 'new-editor@test.mspn.dev',
        password: 'a-long-enough-password',
        name: 'New Editor',
        role: 'editor',
      },
      auth: token,
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.role).toBe('editor')
    expect(
      (await request(`${cms.api}/globals/site-settings`, { method: 'POST', json: { siteName: 'MSPN' }, auth: token }))
        .status,
    ).toBe(200)
    const inquiry = await cms.payload.create({
      collection: 'inquiries',
      data: { name: 'A', email: 'a@b.co', message: 'Delete me please', status: 'new' },
    })
    expect((await request(`${cms.api}/inquiries/${inquiry.id}`, { method: 'DELETE', auth: token })).status).toBe(200)
  })
})

describe('API keys', () => {
  it('authenticate as their user over REST and GraphQL', async () => {
    const apiKey = 'a7f1c2d9-0000-4000-8000-editor-test-key'
    await cms.payload.update({
      collection: 'users',
      id: editor.user.id,
      data: { enableAPIKey: true, apiKey },
      overrideAccess: true,
    })
    const auth = `users API-Key ${apiKey}`
    const rest = await request(`${cms.api}/inquiries`, { auth })
    expect(rest.status).toBe(200)
    const drafts = await graphql(cms.api, '{ Posts(draft: true, limit: 50) { totalDocs } }', auth)
    expect(drafts.body.data.Posts.totalDocs).toBeGreaterThan(1)
    expect((await request(`${cms.api}/inquiries`, { auth: 'users API-Key not-a-real-key' })).status).toBe(403)
  })
})

describe('inquiries from the public', () => {
  it('are accepted without exposing contact details back, and status cannot be chosen', async () => {
    const { status, body } = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: {
        name: 'Eve',
        email: 'eve@example.com',
        company: 'Evil',
        message: 'Please call me back.',
        status: 'closed',
        formStartedAt: Date.now() - 60_000,
      },
    })
    expect(status).toBe(201)
    expect(body.doc.status).toBe('new')
    expect(JSON.stringify(body)).not.toContain('eve@example.com')
    expect((await request(`${cms.api}/inquiries`)).status).toBe(403)
    expect((await request(`${cms.api}/inquiries/${body.doc.id}`)).status).toBe(403)
    const gql = await graphql(cms.api, '{ Inquiries { docs { email } } }')
    expect(gql.body.errors?.[0]?.message).toMatch(/not allowed/i)
  })

  it('are refused with a 400 naming the field when invalid, and nothing is stored', async () => {
    const before = await cms.payload.count({ collection: 'inquiries', overrideAccess: true })
    const response = await request(`${cms.api}/inquiries`, {
      method: 'POST',
      json: { name: 'Bob', email: 'not-an-email', message: 'hi', formStartedAt: Date.now() - 60_000 },
    })
    const { status, body } = response
    expect(status).toBe(400)
    const fields = body.errors.map((e: { field: string }) => e.field).sort()
    expect(fields).toEqual(['email', 'message'])
    expect(body.errors[0].code).toBe('VALIDATION_ERROR')
    expect(body.requestId).toBe(response.headers.get('x-request-id'))
    const after = await cms.payload.count({ collection: 'inquiries', overrideAccess: true })
    expect(after.totalDocs).toBe(before.totalDocs)
  })
})

describe('sign-in', () => {
  it('locks an account after 5 failed attempts, even for the right password', async () => {
    const victim = await createUser(cms, 'author', 'Victim')
    for (let i = 0; i < 5; i += 1) {
      const attempt = await request(`${cms.api}/users/login`, {
        method: 'POST',
        json: { email: victim.email, password: 'wrong-password-guess' },
      })
      expect(attempt.status).toBe(401)
    }
    const locked = await request(`${cms.api}/users/login`, {
      method: 'POST',
      json: { email: victim.email, password: victim.password },
    })
    expect(locked.status).toBeGreaterThanOrEqual(400)
    expect(locked.body.token).toBeUndefined()
  })
})
