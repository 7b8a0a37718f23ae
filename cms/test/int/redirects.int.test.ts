/**
 * Redirects over REST, GraphQL and the CSV import: who may write, normalised paths, targets and the
 * host allow-list, loops refused, chains collapsed, and the automatic 301 when a published
 * document's slug changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The site's own query code and the static export's reader, against the real API.
import { toQueryString } from '../../../site/src/cms/queryString'
import { fetchRedirects } from '../../../site/staticRedirects.mjs'
import { ADMIN, createUser, login, startTestCms, type TestCms } from '../helpers/cms'
import { graphql, request } from '../helpers/http'

let cms: TestCms
let editor: string
let author: string

beforeAll(async () => {
  cms = await startTestCms({ env: { REDIRECT_ALLOWED_HOSTS: 'partner.example, *.docs.example' } })
  await cms.payload.create({
    collection: 'users',
    data: { ...ADMIN, name: 'Admin', role: 'admin' },
    overrideAccess: true,
  })
  const ed = await createUser(cms, 'editor', 'Editor')
  const au = await createUser(cms, 'author', 'Author')
  editor = await login(cms, ed.email, ed.password)
  author = await login(cms, au.email, au.password)
})

afterAll(async () => {
  await cms?.stop()
})

/** `auth` null: anonymous. */
const create = (json: Record<string, unknown>, auth: string | null = editor) =>
  request(`${cms.api}/redirects`, { method: 'POST', json, auth: auth ?? undefined })

const byFrom = async (from: string) => {
  const { docs } = await cms.payload.find({ collection: 'redirects', where: { from: { equals: from } }, depth: 0 })
  return docs[0]
}

const importCsv = (csv: string, auth: string | null = editor) =>
  request(`${cms.api}/redirects/import`, {
    method: 'POST',
    body: csv,
    headers: { 'content-type': 'text/csv' },
    auth: auth ?? undefined,
  })

describe('redirects: access', () => {
  it('editors write, authors and visitors do not; everyone reads', async () => {
    expect((await create({ from: '/access-a', url: '/x' }, null)).status).toBe(403)
    expect((await create({ from: '/access-a', url: '/x' }, author)).status).toBe(403)
    const made = await create({ from: '/access-a', url: '/x' })
    expect(made.status).toBe(201)
    const listed = await request(`${cms.api}/redirects?where[from][equals]=/access-a`)
    expect(listed.status).toBe(200)
    expect(listed.body.docs[0]).toMatchObject({ from: '/access-a', type: '301', destination: '/x' })
    const gql = await graphql(cms.api, 'mutation { createRedirect(data: { from: "/gql-anon", url: "/x" }) { id } }')
    expect(gql.body.errors?.[0]?.message).toBeTruthy()
    expect(await byFrom('/gql-anon')).toBeUndefined()
  })
})

describe('redirects: paths and targets', () => {
  it('normalise the path (leading slash, no trailing slash, no repeated slashes)', async () => {
    const { status, body } = await create({ from: 'old//page/', url: 'new-page/' })
    expect(status).toBe(201)
    expect(body.doc).toMatchObject({ from: '/old/page', url: '/new-page', destination: '/new-page' })
  })

  it('refuse a host, a query string or an endpoint path in `from`, naming the field', async () => {
    for (const from of [
      'https://evil.example/x',
      '//evil.example/x',
      '/a?b=1',
      '/api/v1/posts',
      '/_cache/invalidate',
      '',
    ]) {
      const { status, body } = await create({ from, url: '/x' })
      expect(status, from).toBe(400)
      expect(body.errors[0]).toMatchObject({ field: 'from', code: 'VALIDATION_ERROR' })
      expect(body.requestId).toBeTruthy()
    }
  })

  it('refuse a duplicate `from`', async () => {
    expect((await create({ from: '/dup', url: '/a' })).status).toBe(201)
    const again = await create({ from: '/dup/', url: '/b' })
    expect(again.status).toBe(400)
    expect(again.body.errors[0]).toMatchObject({ field: 'from', code: 'VALIDATION_ERROR' })
  })

  it('allow other hosts only from REDIRECT_ALLOWED_HOSTS, and never script URLs', async () => {
    const ok = await create({ from: '/to-partner', url: 'https://partner.example/welcome?ref=mspn' })
    expect(ok.status).toBe(201)
    expect(ok.body.doc.destination).toBe('https://partner.example/welcome?ref=mspn')
    expect((await create({ from: '/to-docs', url: 'https://api.docs.example/v2' })).status).toBe(201)
    const refused = await create({ from: '/to-evil', url: 'https://evil.example/' })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0]).toMatchObject({ field: 'url', code: 'REDIRECT_HOST_NOT_ALLOWED' })
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,hi',
      '//evil.example/x',
      '/\\evil.example',
      'https://user:pw@partner.example/',
    ]) {
      const { status, body } = await create({ from: '/to-bad', url })
      expect(status, url).toBe(400)
      expect(body.errors[0].field, url).toBe('url')
    }
    expect(await byFrom('/to-bad')).toBeUndefined()
  })

  it('410 has no target; 301/302 need exactly one', async () => {
    const gone = await create({ from: '/gone-page', type: '410', url: '/ignored' })
    expect(gone.status).toBe(201)
    expect(gone.body.doc).toMatchObject({ type: '410', destination: null, url: null })
    const none = await create({ from: '/no-target', type: '302' })
    expect(none.status).toBe(400)
    expect(none.body.errors[0].field).toBe('url')
  })
})

describe('redirects: loops and chains', () => {
  it('refuse a → a and a → b → a with REDIRECT_LOOP naming the target field', async () => {
    const self = await create({ from: '/loop-a', url: '/loop-a/' })
    expect(self.status).toBe(400)
    expect(self.body.errors[0]).toMatchObject({ field: 'url', code: 'REDIRECT_LOOP' })
    expect((await create({ from: '/loop-a', url: '/loop-b' })).status).toBe(201)
    const back = await create({ from: '/loop-b', url: '/loop-a' })
    expect(back.status).toBe(400)
    expect(back.body.errors[0]).toMatchObject({ field: 'url', code: 'REDIRECT_LOOP' })
    expect(await byFrom('/loop-b')).toBeUndefined()
  })

  it('refuse a loop over GraphQL too', async () => {
    const { body } = await graphql(
      cms.api,
      'mutation { createRedirect(data: { from: "/loop-b", url: "/loop-a" }) { id } }',
      editor,
    )
    expect(body.errors?.[0]?.message).toMatch(/loop/)
    expect(await byFrom('/loop-b')).toBeUndefined()
  })

  it('collapse chains both ways: b → c re-points a → b, and d → a is stored as d → c', async () => {
    expect((await create({ from: '/chain-a', url: '/chain-b' })).status).toBe(201)
    expect((await create({ from: '/chain-b', url: '/chain-c' })).status).toBe(201)
    expect((await byFrom('/chain-a'))?.destination).toBe('/chain-c')
    const d = await create({ from: '/chain-d', url: '/chain-a' })
    expect(d.status).toBe(201)
    expect(d.body.doc.destination).toBe('/chain-c')
  })

  it('GraphQL creates, reads and normalises like REST', async () => {
    const made = await graphql(
      cms.api,
      'mutation { createRedirect(data: { from: "gql-old/", url: "/gql-new", type: _302 }) { from type destination } }',
      editor,
    )
    expect(made.body.data?.createRedirect).toEqual({ from: '/gql-old', type: '_302', destination: '/gql-new' })
    const read = await graphql(
      cms.api,
      '{ Redirects(where: { from: { equals: "/gql-old" } }) { docs { destination } } }',
    )
    expect(read.body.data?.Redirects.docs).toEqual([{ destination: '/gql-new' }])
  })
})

describe('redirects: slug changes of routed documents', () => {
  const post = (data: Record<string, unknown>, draft = false) =>
    cms.payload.create({
      collection: 'services',
      data: { title: 'Service', summary: 'S', ...data },
      draft,
      overrideAccess: true,
    })

  it('a published document moving gets a 301 from its old path, and redirects to the old path follow it', async () => {
    const service = await post({ slug: 'old-name', _status: 'published' })
    expect((await create({ from: '/legacy-service', url: '/services/old-name' })).status).toBe(201)
    const moved = await request(`${cms.api}/services/${service.id}`, {
      method: 'PATCH',
      json: { slug: 'new-name', _status: 'published' },
      auth: editor,
    })
    expect(moved.status).toBe(200)
    const auto = await byFrom('/services/old-name')
    expect(auto).toMatchObject({ type: '301', destination: '/services/new-name' })
    expect(auto?.document).toEqual({ relationTo: 'services', value: service.id })
    expect((await byFrom('/legacy-service'))?.destination).toBe('/services/new-name')

    // Moving again: the redirect that targets the document follows; moving back drops the one from its new home.
    await cms.payload.update({
      collection: 'services',
      id: service.id,
      data: { slug: 'newer-name' },
      overrideAccess: true,
    })
    expect((await byFrom('/services/old-name'))?.destination).toBe('/services/newer-name')
    expect((await byFrom('/services/new-name'))?.destination).toBe('/services/newer-name')
    expect((await byFrom('/legacy-service'))?.destination).toBe('/services/newer-name')
    await cms.payload.update({
      collection: 'services',
      id: service.id,
      data: { slug: 'old-name' },
      overrideAccess: true,
    })
    expect(await byFrom('/services/old-name')).toBeUndefined()
    expect((await byFrom('/services/newer-name'))?.destination).toBe('/services/old-name')
  })

  it('drafts never published leave no redirect; draft saves wait for the publish', async () => {
    const draft = await post({ slug: 'draft-only' }, true)
    await cms.payload.update({
      collection: 'services',
      id: draft.id,
      data: { slug: 'draft-renamed' },
      draft: true,
      overrideAccess: true,
    })
    expect(await byFrom('/services/draft-only')).toBeUndefined()

    const live = await post({ slug: 'live-one', _status: 'published' })
    await cms.payload.update({
      collection: 'services',
      id: live.id,
      data: { slug: 'live-two' },
      draft: true,
      overrideAccess: true,
    })
    expect(await byFrom('/services/live-one')).toBeUndefined()
    await cms.payload.update({
      collection: 'services',
      id: live.id,
      data: { slug: 'live-two', _status: 'published' },
      overrideAccess: true,
    })
    expect((await byFrom('/services/live-one'))?.destination).toBe('/services/live-two')
  })
})

describe('redirects: the site reads the table', () => {
  it('with the query the site makes, anonymously, and through the static export reader', async () => {
    expect((await create({ from: '/site-read-old', url: '/site-read-new' })).status).toBe(201)
    expect((await create({ from: '/site-read-gone', type: '410' })).status).toBe(201)
    const query = toQueryString({
      limit: 500,
      page: 1,
      depth: 0,
      sort: 'from',
      select: { from: true, type: true, destination: true },
    })
    const { status, body } = await request(`${cms.api}/redirects?${query}`)
    expect(status).toBe(200)
    const gone = body.docs.find((doc: { from: string }) => doc.from === '/site-read-gone')
    expect(gone).toMatchObject({ from: '/site-read-gone', type: '410' })
    expect(gone.document).toBeUndefined()
    const rules = await fetchRedirects(cms.url)
    expect(rules).toHaveLength(body.totalDocs)
    expect(rules).toContainEqual({ from: '/site-read-old', type: '301', destination: '/site-read-new' })
  })
})

describe('redirects: CSV import', () => {
  it('imports every row, collapsing chains, and updates existing paths', async () => {
    const csv = 'from,to,type\n/csv-a,/csv-b,301\n"/csv-b",/csv-c,\n/csv-gone,,410\n/dup,/dup-updated,302\n'
    const { status, body } = await importCsv(csv)
    expect(status).toBe(200)
    expect(body).toEqual({ created: 3, updated: 1 })
    expect((await byFrom('/csv-a'))?.destination).toBe('/csv-c')
    expect(await byFrom('/csv-gone')).toMatchObject({ type: '410' })
    expect(await byFrom('/dup')).toMatchObject({ type: '302', destination: '/dup-updated' })
  })

  it('reports every bad row and writes nothing', async () => {
    const csv = [
      'from,to,type',
      '/csv-ok,/fine,301',
      'https://evil.example/x,/y,301',
      '/csv-bad-target,javascript:alert(1),301',
      '/csv-bad-type,/y,307',
      '/csv-ok,/again,301',
      '/csv-host,https://evil.example/,302',
    ].join('\n')
    const { status, body } = await importCsv(csv)
    expect(status).toBe(400)
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual([
      'rows.3.from',
      'rows.4.to',
      'rows.5.type',
      'rows.6.from',
      'rows.7.to',
    ])
    expect(body.errors[4].code).toBe('REDIRECT_HOST_NOT_ALLOWED')
    expect(await byFrom('/csv-ok')).toBeUndefined()
  })

  it('refuses loops through the file and the stored redirects together', async () => {
    const { status, body } = await importCsv('from,to\n/csv-x,/csv-y\n/csv-c,/csv-x\n/csv-y,/csv-a\n')
    expect(status).toBe(400)
    expect(body.errors.every((e: { code: string }) => e.code === 'REDIRECT_LOOP')).toBe(true)
    expect(await byFrom('/csv-x')).toBeUndefined()
  })

  it('is for editors, in text/csv, and answers unreadable files with a 400', async () => {
    expect((await importCsv('from,to\n/a1,/b1\n', null)).status).toBe(401)
    expect((await importCsv('from,to\n/a1,/b1\n', author)).status).toBe(403)
    const json = await request(`${cms.api}/redirects/import`, { method: 'POST', json: { from: '/a' }, auth: editor })
    expect(json.status).toBe(415)
    const broken = await importCsv('from,to\n"/a1,/b1\n')
    expect(broken.status).toBe(400)
    expect(broken.body.errors[0].code).toBe('BAD_REQUEST')
    expect((await importCsv('source,target\n/a,/b\n')).status).toBe(400)
  })
})
