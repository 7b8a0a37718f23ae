/**
 * Wrongly typed values never reach the database (server/guards/valueTypes.ts): a list or an object in a text or
 * select field, an invalid date (timestamps too), a relationship to an unknown collection or a missing
 * document are a 400 VALIDATION_ERROR naming the field, through every door and on drafts, and nothing is
 * written, bulk updates included. A method-overridden read with a JSON body reads it as its query.
 * These were 500s (Failed query, Invalid time value), and a bulk update left rows no read could load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { FIXTURES, uniqueName } from './fixtures'

let cms: TestCms
let admin: string
let ownerId: number
let postId: number
const json = { 'content-type': 'application/json' }

beforeAll(async () => {
  cms = await startTestCms()
  const user = await createUser(cms, 'admin', 'Al Admin')
  ownerId = user.user.id
  admin = await login(cms, user.email, user.password)
  const post = await cms.payload.create({
    collection: 'posts',
    data: FIXTURES.posts.data({ ownerId, postId: 0, unique: uniqueName() }) as never,
    overrideAccess: true,
  })
  postId = post.id
})

afterAll(async () => {
  await cms?.stop()
})

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = json) {
  const response = await fetch(`${cms.api}${path}`, {
    method,
    headers: { ...headers, authorization: admin },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as {
      errors?: { message: string; field?: string; code: string }[]
      docs?: { id: number }[]
      totalDocs?: number
    },
  }
}

const fieldsOf = (body: { errors?: { field?: string; code: string }[] }) =>
  (body.errors ?? []).map((error) => `${error.field}:${error.code}`).sort()

async function create(collection: string) {
  const doc = await cms.payload.create({
    collection: collection as never,
    data: FIXTURES[collection].data({ ownerId, postId, unique: uniqueName() }) as never,
    overrideAccess: true,
  })
  return doc as unknown as Record<string, unknown> & { id: number }
}

const read = (collection: string, id: number) =>
  cms.payload.findByID({ collection: collection as never, id, overrideAccess: true, depth: 0 }) as Promise<
    Record<string, unknown>
  >

describe('a list or an object in a text field', () => {
  it('is a 400 naming the field over REST create and update, and nothing is written', async () => {
    const before = await cms.payload.count({ collection: 'testimonials', overrideAccess: true })
    for (const quote of [[[1]], { a: { a: 1 } }, ['a', 'b'], 7]) {
      const created = await send('POST', '/testimonials', { quote, authorName: 'Person' })
      expect(created.status).toBe(400)
      expect(fieldsOf(created.body)).toEqual(['quote:VALIDATION_ERROR'])
    }
    expect((await cms.payload.count({ collection: 'testimonials', overrideAccess: true })).totalDocs).toBe(
      before.totalDocs,
    )

    const category = await create('categories')
    for (const title of [[[1]], { a: 1 }, { $ne: null }]) {
      const updated = await send('PATCH', `/categories/${category.id}`, { title })
      expect(updated.status).toBe(400)
      expect(fieldsOf(updated.body)).toEqual(['title:VALIDATION_ERROR'])
    }
    expect((await read('categories', category.id)).title).toBe(category.title)
  })

  it('is refused in an admin form (_payload), a draft save and the Local API alike', async () => {
    const page = await create('pages')
    const boundary = 'valuetypes'
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"title":["a"]}\r\n--${boundary}--\r\n`
    const form = await send('PATCH', `/pages/${page.id}`, multipart, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    })
    expect(form.status).toBe(400)
    expect(fieldsOf(form.body)).toEqual(['title:VALIDATION_ERROR'])

    // Drafts skip Payload's field validation: the guard still runs.
    const draft = await send('PATCH', `/posts/${postId}?draft=true`, { title: { a: 1 } })
    expect(draft.status).toBe(400)
    expect(fieldsOf(draft.body)).toEqual(['title:VALIDATION_ERROR'])
    // A nested field (a block's heading) is named by its path.
    const block = await send('PATCH', `/pages/${page.id}`, { layout: [{ blockType: 'hero', heading: ['x'] }] })
    expect(block.status).toBe(400)
    expect(fieldsOf(block.body)).toEqual(['layout.0.heading:VALIDATION_ERROR'])

    await expect(
      cms.payload.update({
        collection: 'testimonials',
        id: (await create('testimonials')).id,
        data: { quote: [[1]] } as never,
        overrideAccess: true,
      }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      data: { errors: [{ path: 'quote' }] },
    })
    // A block the field does not have: Payload dropped the row silently.
    const unknown = await send('PATCH', `/pages/${page.id}`, { layout: [{ blockType: 'nope', heading: 'x' }] })
    expect(unknown.status).toBe(400)
    expect(fieldsOf(unknown.body)).toEqual(['layout.0.blockType:VALIDATION_ERROR'])
    const stored = await read('pages', page.id)
    expect(stored.title).toBe(page.title)
    expect(stored.layout).toEqual(page.layout)
  })
})

describe('operators and invalid dates in an update body', () => {
  it('are a 400 naming each field, and the document is unchanged', async () => {
    const project = await create('projects')
    const operators = await send('PATCH', `/projects/${project.id}`, { title: { $ne: null }, _status: { $gt: '' } })
    expect(operators.status).toBe(400)
    expect(fieldsOf(operators.body)).toEqual(['_status:VALIDATION_ERROR', 'title:VALIDATION_ERROR'])

    for (const collection of ['posts', 'inquiries', 'testimonials']) {
      const doc = collection === 'posts' ? await read('posts', postId) : await create(collection)
      const dated = await send('PATCH', `/${collection}/${doc.id}`, {
        id: 'abc',
        createdAt: 'never',
        updatedAt: [],
        _status: 'published',
      })
      expect(dated.status).toBe(400)
      expect(fieldsOf(dated.body)).toContain('createdAt:VALIDATION_ERROR')
      expect((await read(collection, doc.id as number)).createdAt).toBe(doc.createdAt)
    }
  })

  it('a bulk update commits nothing: the record is still readable and updatable (it was a 500 on every later read)', async () => {
    for (const collection of ['categories', 'payload-locked-documents']) {
      const doc = await create(collection)
      const bulk = await send('PATCH', `/${collection}?where[id][equals]=${doc.id}`, { createdAt: 'never' })
      expect(bulk.status).toBe(400)
      expect((await read(collection, doc.id)).createdAt).toBe(doc.createdAt)
      const field = FIXTURES[collection].update.field
      const fine = await send('PATCH', `/${collection}/${doc.id}`, { [field]: 'still fine' })
      expect(fine.status).toBe(200)
    }
  })

  it('a valid date in another format is stored as ISO 8601', async () => {
    const category = await create('categories')
    const updated = await send('PATCH', `/categories/${category.id}`, { createdAt: '2020-01-31' })
    expect(updated.status).toBe(200)
    expect((await read('categories', category.id)).createdAt).toBe('2020-01-31T00:00:00.000Z')
    const outOfRange = await send('PATCH', `/categories/${category.id}`, { createdAt: '+275760-09-13T00:00:00Z' })
    expect(outOfRange.status).toBe(400)
  })
})

describe('edit locks (payload-locked-documents)', () => {
  it('refuse a relationship to an unknown collection, a malformed id or a missing document, keeping the lock as it was', async () => {
    const lock = await create('payload-locked-documents')
    const cases: [unknown, RegExp][] = [
      [{ relationTo: 'nope', value: 1 }, /relationTo/],
      [{ relationTo: 'posts', value: 'abc' }, /id of a document in posts/],
      [{ relationTo: 'posts', value: 99_999 }, /no document 99999 in posts/],
      [[[1]], /relationTo/],
      [5, /relationTo/],
      // Payload's own coercion threw on a null item before any validation (a 500).
      [[null], /relationTo/],
    ]
    for (const [document, message] of cases) {
      const answer = await send('PATCH', `/payload-locked-documents/${lock.id}`, { document })
      expect(answer.status).toBe(400)
      expect(fieldsOf(answer.body)).toEqual(['document:VALIDATION_ERROR'])
      expect(answer.body.errors?.[0].message).toMatch(message)
    }
    expect((await read('payload-locked-documents', lock.id)).document).toEqual({ relationTo: 'posts', value: postId })
    // A missing author of a post, likewise (a foreign key failure before).
    const author = await send('PATCH', `/posts/${postId}`, { author: 99_999 })
    expect(author.status).toBe(400)
    expect(fieldsOf(author.body)).toEqual(['author:VALIDATION_ERROR'])
  })
})

describe('a method-overridden read with a JSON body', () => {
  const override = { ...json, 'x-payload-http-method-override': 'GET' }

  it('reads the JSON as its query, checked like a query string; a write body creates nothing', async () => {
    const category = await create('categories')
    const found = await send(
      'POST',
      '/categories',
      { where: { title: { equals: category.title } }, depth: 0 },
      override,
    )
    expect(found.status).toBe(200)
    expect(found.body.docs?.map((doc) => doc.id)).toEqual([category.id])

    const bad = await send('POST', '/categories', { where: { title: { $ne: 1 } } }, override)
    expect(bad.status).toBe(400)
    expect(bad.body.errors?.[0].code).toBe('INVALID_QUERY')

    const before = await cms.payload.count({ collection: 'categories', overrideAccess: true })
    const write = await send('POST', '/categories', { title: `Not created ${uniqueName()}` }, override)
    expect(write.status).toBe(200)
    expect((await cms.payload.count({ collection: 'categories', overrideAccess: true })).totalDocs).toBe(
      before.totalDocs,
    )
  })
})
