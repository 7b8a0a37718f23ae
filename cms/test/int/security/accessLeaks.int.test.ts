/**
 * Indirect leaks the access matrix cannot see: filters, sorts, `select` and `populate` on fields the
 * caller may not read, relationships that point at private documents, GraphQL aliases and fragments,
 * drafts and versions asked for by visitors. Each case asserts that nothing private comes back and that
 * an answer never depends on a value the caller may not read (a filter on it is refused, or ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { richText } from '../../../src/seed/lexical'
import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { graphql, request } from '../../helpers/http'

let cms: TestCms
/** Strings that must never reach a caller who may not read them. */
const secrets = {
  adminEmail: '',
  otherEmail: '',
  apiKey: `leak-test-key-${Math.random().toString(36).slice(2)}-4000-8000`,
  draftTitle: 'Unpublished draft title QX7',
  draftProject: 'Confidential draft project QX8',
  draftPage: 'Hidden draft page QX9',
  inquiryEmail: 'private-lead-qx10@example.com',
}
const auth = { author: '', editor: '', admin: '' }
const ids: Record<string, number> = {}

beforeAll(async () => {
  cms = await startTestCms()
  const admin = await createUser(cms, 'admin', 'Alma Admin')
  const editor = await createUser(cms, 'editor', 'Eddie Editor')
  const author = await createUser(cms, 'author', 'Ada Author')
  const other = await createUser(cms, 'author', 'Otto Other')
  secrets.adminEmail = admin.email
  secrets.otherEmail = other.email
  ids.admin = admin.user.id
  ids.other = other.user.id
  ids.author = author.user.id
  await cms.payload.update({
    collection: 'users',
    id: admin.user.id,
    data: { enableAPIKey: true, apiKey: secrets.apiKey } as never,
    overrideAccess: true,
  })
  // A reset token on the other author, so `resetPasswordToken` has a value to leak.
  await cms.payload.forgotPassword({ collection: 'users', data: { email: other.email }, disableEmail: true })
  auth.author = await login(cms, author.email, author.password)
  auth.editor = await login(cms, editor.email, editor.password)
  auth.admin = await login(cms, admin.email, admin.password)

  const post = (title: string, status: 'draft' | 'published', authorId: number) =>
    cms.payload.create({
      collection: 'posts',
      data: {
        title,
        excerpt: `${title} excerpt`,
        content: richText(`${title} body`),
        author: authorId,
        _status: status,
      },
      overrideAccess: true,
      draft: status === 'draft',
    })
  ids.published = (await post('Public post about apples', 'published', other.user.id)).id as number
  ids.draft = (await post(secrets.draftTitle, 'draft', other.user.id)).id as number
  const project = await cms.payload.create({
    collection: 'projects',
    data: {
      title: secrets.draftProject,
      client: 'Secret client',
      industry: 'saas',
      summary: 'Not yet public',
      _status: 'draft',
    },
    overrideAccess: true,
    draft: true,
  })
  ids.draftProject = project.id as number
  const draftPage = await cms.payload.create({
    collection: 'pages',
    data: { title: secrets.draftPage, layout: [{ blockType: 'hero', heading: secrets.draftPage }], _status: 'draft' },
    overrideAccess: true,
    draft: true,
  })
  ids.draftPage = draftPage.id as number
  // Published documents pointing at the private ones.
  await cms.payload.create({
    collection: 'testimonials',
    data: { quote: 'Great work', authorName: 'Client', project: project.id },
    overrideAccess: true,
  })
  await cms.payload.create({
    collection: 'pages',
    data: {
      title: 'Public page',
      layout: [{ blockType: 'projectsGrid', heading: 'Work', projects: [project.id] }],
      _status: 'published',
    },
    overrideAccess: true,
  })
  await cms.payload.updateGlobal({
    slug: 'navigation',
    data: {
      items: [{ link: { type: 'reference', label: 'Soon', reference: { relationTo: 'pages', value: draftPage.id } } }],
    } as never,
    overrideAccess: true,
  })
  await cms.payload.create({
    collection: 'inquiries',
    data: { name: 'Lead', email: secrets.inquiryEmail, message: 'Call me about a project.', status: 'new' },
    overrideAccess: true,
  })
  await cms.payload.create({
    collection: 'payload-locked-documents',
    data: { document: { relationTo: 'posts', value: ids.draft }, user: { relationTo: 'users', value: other.user.id } },
    overrideAccess: true,
  })
})

afterAll(async () => {
  await cms?.stop()
})

/** The body must not contain any secret the caller may not know. */
function expectNoSecrets(body: unknown, label: string, allowed: string[] = []) {
  const text = JSON.stringify(body)
  for (const [name, value] of Object.entries(secrets)) {
    if (!value || allowed.includes(name)) continue
    expect(text.includes(value), `${label}: leaked ${name}`).toBe(false)
  }
  // As keys of a document with a value (an error message may name a field it refused; GraphQL answers null).
  for (const field of [
    'hash',
    'salt',
    'apiKey',
    'apiKeyIndex',
    'resetPasswordToken',
    'resetPasswordExpiration',
    'loginAttempts',
    'lockUntil',
  ]) {
    expect(new RegExp(`"${field}":(?!null)`).test(text), `${label}: exposed ${field}`).toBe(false)
  }
}

/**
 * Two queries that differ only in a value the caller may not read must answer alike: both refused
 * (400/403), or the same documents.
 */
async function expectIndependent(
  url: (value: string) => string,
  values: [string, string],
  token: string | undefined,
  label: string,
) {
  const [a, b] = await Promise.all(values.map((value) => request(`${cms.api}${url(value)}`, { auth: token })))
  for (const response of [a, b]) {
    expect(response.status, `${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`).toBeLessThan(
      500,
    )
    expectNoSecrets(response.body, label)
  }
  expect(b.status, label).toBe(a.status)
  if (a.status === 200) {
    expect(b.body.totalDocs, label).toBe(a.body.totalDocs)
    const idsOf = (body: { docs?: { id: unknown }[] }) => body.docs?.map((d) => d.id)
    expect(idsOf(b.body), label).toEqual(idsOf(a.body))
  } else {
    expect([400, 403], label).toContain(a.status)
    expect(a.body.errors?.[0]?.code, label).toBeTruthy()
  }
}

const enc = encodeURIComponent

describe('filters and sorts on fields the caller may not read', () => {
  const callers = () =>
    [
      ['anonymous', undefined],
      ['author', auth.author],
      ['editor', auth.editor],
    ] as const

  it('users: email, hash, salt, apiKey, reset token and login attempts cannot be probed', async () => {
    const probes: [string, (v: string) => string, [string, string]][] = [
      ['email like', (v) => `/users?where[email][like]=${enc(v)}`, [secrets.adminEmail.slice(0, 8), 'zzzz-nobody']],
      ['email equals', (v) => `/users?where[email][equals]=${enc(v)}`, [secrets.otherEmail, 'nobody@example.com']],
      [
        'email in or',
        (v) => `/users?where[or][0][email][in]=${enc(v)}&where[or][1][name][equals]=x`,
        [secrets.adminEmail, 'x@y.z'],
      ],
      ['hash exists', (v) => `/users?where[hash][exists]=${v}`, ['true', 'false']],
      ['salt like', (v) => `/users?where[salt][like]=${v}`, ['a', 'zzz']],
      ['apiKey equals', (v) => `/users?where[apiKey][equals]=${enc(v)}`, [secrets.apiKey, 'wrong-key']],
      ['apiKeyIndex exists', (v) => `/users?where[apiKeyIndex][exists]=${v}`, ['true', 'false']],
      ['reset token exists', (v) => `/users?where[resetPasswordToken][exists]=${v}`, ['true', 'false']],
      ['login attempts', (v) => `/users?where[loginAttempts][greater_than_equal]=${v}`, ['0', '1000']],
      ['sort', (v) => `/users?sort=${v}`, ['email', '-email']],
      ['sort hidden', (v) => `/users?sort=${v}`, ['hash', '-salt']],
      ['count', (v) => `/users/count?where[email][like]=${enc(v)}`, [secrets.adminEmail.slice(0, 8), 'zzzz-nobody']],
    ]
    for (const [name, token] of callers()) {
      for (const [probe, url, values] of probes) await expectIndependent(url, values, token, `${name} ${probe}`)
    }
  })

  it('posts: the author (hidden from visitors) and its email (hidden from authors) cannot be probed', async () => {
    const probes: [string, (v: string) => string, [string, string]][] = [
      ['author equals', (v) => `/posts?where[author][equals]=${v}`, [String(ids.other), '999999']],
      ['author.email', (v) => `/posts?where[author.email][like]=${enc(v)}`, [secrets.otherEmail.slice(0, 6), 'zzzz']],
      ['author.name', (v) => `/posts?where[author.name][like]=${v}`, ['Otto', 'zzzz']],
      ['sort author', (v) => `/posts?sort=${v}`, ['author', '-author']],
      ['sort author.email', (v) => `/posts?sort=${v}`, ['author.email', '-author.email']],
    ]
    for (const [probe, url, values] of probes) await expectIndependent(url, values, undefined, `anonymous ${probe}`)
    await expectIndependent(
      (v) => `/posts?where[author.email][like]=${enc(v)}`,
      [secrets.otherEmail.slice(0, 6), 'zzzz'],
      auth.author,
      'author author.email',
    )
  })

  it('drafts: status, draft=true and title filters show visitors only what is published', async () => {
    for (const query of [
      'where[_status][equals]=draft&draft=true',
      'where[_status][not_equals]=published',
      'where[_status][in]=draft,published&draft=true',
    ]) {
      const { status, body } = await request(`${cms.api}/posts?${query}`)
      expect(status, query).toBe(200)
      expect(
        body.docs.map((d: { id: number }) => d.id),
        query,
      ).toEqual(query.includes('[in]') ? [ids.published] : [])
      expectNoSecrets(body, query)
    }
    await expectIndependent(
      (v) => `/posts?where[title][like]=${enc(v)}&draft=true`,
      [secrets.draftTitle, 'zzzz'],
      undefined,
      'title like draft',
    )
    await expectIndependent(
      (v) => `/posts/count?where[title][equals]=${enc(v)}&draft=true`,
      [secrets.draftTitle, 'zzzz'],
      undefined,
      'count',
    )
    await expectIndependent(
      (v) => `/projects?where[client][equals]=${enc(v)}&draft=true`,
      ['Secret client', 'zzzz'],
      undefined,
      'project client',
    )
    const byId = await request(`${cms.api}/posts/${ids.draft}?draft=true`)
    expect(byId.status).toBe(404)
    expectNoSecrets(byId.body, 'draft by id')
  })

  it('versions: refused to visitors, whatever they filter on', async () => {
    for (const path of [
      '/posts/versions',
      `/posts/versions?where[version.title][like]=${enc(secrets.draftTitle)}`,
      `/posts/versions/${ids.draft}`,
      '/pages/versions?draft=true',
      '/projects/versions?depth=2',
    ]) {
      const response = await request(`${cms.api}${path}`)
      expect([403, 404], path).toContain(response.status)
      expectNoSecrets(response.body, path)
    }
    // Authors see the history of their own posts only.
    const own = await request(`${cms.api}/posts/versions?where[version.title][like]=${enc(secrets.draftTitle)}`, {
      auth: auth.author,
    })
    expect(own.status).toBe(200)
    expect(own.body.totalDocs).toBe(0)
  })
})

describe('select and populate', () => {
  it('hidden and unreadable fields never come back through select', async () => {
    const select =
      'select[email]=true&select[hash]=true&select[salt]=true&select[apiKey]=true&select[resetPasswordToken]=true&select[loginAttempts]=true&select[name]=true'
    const asEditor = await request(`${cms.api}/users?${select}&limit=50`, { auth: auth.editor })
    expect(asEditor.status).toBe(200)
    expect(asEditor.body.docs.length).toBeGreaterThan(2)
    expectNoSecrets(asEditor.body, 'editor select')
    const asAuthor = await request(`${cms.api}/users?${select}`, { auth: auth.author })
    expect(asAuthor.body.docs.map((d: { id: number }) => d.id)).toEqual([ids.author])
    expectNoSecrets(asAuthor.body, 'author select')
    const posts = await request(`${cms.api}/posts?select[author]=true&select[title]=true&depth=1`)
    expect(posts.body.docs.length).toBeGreaterThan(0)
    for (const doc of posts.body.docs) expect(doc).not.toHaveProperty('author')
  })

  it('populate cannot widen what a relationship shows', async () => {
    // Editors may read drafts; emails and credentials stay hidden from them too.
    const cases: [string, string | undefined, string[]][] = [
      ['/posts?depth=2&populate[users][email]=true&populate[users][hash]=true', undefined, []],
      ['/posts?depth=2&populate[users][email]=true&populate[users][apiKey]=true', auth.author, []],
      ['/posts?depth=2&populate[users][email]=true&draft=true', auth.editor, ['draftTitle']],
      ['/payload-locked-documents?depth=2&populate[users][email]=true', auth.author, []],
      ['/payload-locked-documents?depth=2', auth.editor, ['draftTitle']],
    ]
    for (const [path, token, allowed] of cases) {
      const response = await request(`${cms.api}${path}`, { auth: token })
      expect(response.status, path).toBe(200)
      expectNoSecrets(response.body, path, allowed)
    }
  })

  it('published documents pointing at drafts do not reveal them', async () => {
    for (const path of [
      '/testimonials?depth=2',
      '/pages?depth=3',
      '/pages?depth=3&draft=true',
      '/globals/navigation?depth=2',
      '/globals/navigation?depth=2&draft=true',
    ]) {
      const response = await request(`${cms.api}${path}`)
      expect(response.status, path).toBe(200)
      expectNoSecrets(response.body, path)
    }
    const gql = await graphql(
      cms.api,
      '{ Testimonials { docs { project { title client } } } Navigation { items { link { reference { value { ... on Page { title } } } } } } }',
    )
    expectNoSecrets(gql.body, 'graphql populate')
  })
})

describe('GraphQL aliases and fragments', () => {
  it('ask for forbidden fields under other names and get nothing private', async () => {
    const queries: [string, string | undefined][] = [
      ['{ Users { docs { id a: email b: name ... on User { c: email } } } }', auth.editor],
      ['fragment F on User { email } { Users { docs { ...F x: email } } }', auth.author],
      ['{ a: Posts { docs { author { email name } } } b: Posts(draft: true) { docs { title } } }', undefined],
      ['{ Posts(where: { title: { like: "Unpublished" } }, draft: true) { totalDocs docs { title } } }', undefined],
      ['{ countPosts(where: { _status: { equals: draft } }) { totalDocs } }', undefined],
      ['{ Inquiries { docs { email } } x: Inquiry(id: 1) { email } }', undefined],
      ['{ Users { docs { email } } }', undefined],
      ['{ versionsPosts { docs { version { title } } } }', undefined],
      ['{ a: Post(id: __DRAFT__, draft: true) { title } }', undefined],
      ['{ Users { docs { hash salt } } }', auth.editor],
      ['{ Users(where: { email: { like: "a" } }) { totalDocs } }', auth.editor],
    ]
    for (const [query, token] of queries) {
      const { status, body } = await graphql(cms.api, query.replace('__DRAFT__', JSON.stringify(ids.draft)), token)
      expect(status, query).toBeLessThan(500)
      expectNoSecrets(body, query)
      if (token === auth.editor && query.startsWith('{ Users { docs { id a: email')) {
        const others = body.data.Users.docs.filter((d: { a: string | null }) => d.a !== null)
        // Editors read their own email only.
        expect(others.length).toBeLessThanOrEqual(1)
      }
    }
  })

  it('filters on unreadable fields are refused or ignored in GraphQL too', async () => {
    const a = await graphql(
      cms.api,
      `{ Users(where: { email: { like: ${JSON.stringify(secrets.adminEmail.slice(0, 8))} } }) { totalDocs } }`,
      auth.editor,
    )
    const b = await graphql(cms.api, '{ Users(where: { email: { like: "zzzz-nobody" } }) { totalDocs } }', auth.editor)
    expect(JSON.stringify(a.body.data ?? null)).toBe(JSON.stringify(b.body.data ?? null))
    expect(Boolean(a.body.errors), 'both refused or both answered').toBe(Boolean(b.body.errors))
  })
})

describe('inquiries', () => {
  it('contact details stay private: not in create answers, lists or filters', async () => {
    const created = await request(`${cms.api}/inquiries?depth=2`, {
      method: 'POST',
      json: {
        name: 'New lead',
        email: 'new-lead@example.com',
        message: 'Hello, we need help.',
        formStartedAt: Date.now() - 60_000,
      },
    })
    expect(created.status).toBe(201)
    expect(JSON.stringify(created.body)).not.toContain('new-lead@example.com')
    for (const token of [undefined, auth.author]) {
      await expectIndependent(
        (v) => `/inquiries?where[email][equals]=${enc(v)}`,
        [secrets.inquiryEmail, 'nobody@example.com'],
        token,
        'inquiry email',
      )
    }
  })
})
