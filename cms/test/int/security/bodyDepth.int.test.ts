/**
 * The body depth limit lets real content through: every seeded page (layout blocks, rich text) and
 * post saved back over REST JSON and as the admin panel does (multipart `_payload`), a deep but real
 * outline (lists nested six deep in a rich text block), and a body exactly at BODY_MAX_DEPTH; one
 * level more is a 400 BODY_TOO_DEEP on every door.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { jsonDepth } from '../../../src/server/guards/depth'
import { ADMIN, login, startTestCms, type TestCms } from '../../helpers/cms'

let cms: TestCms
let auth: string

beforeAll(async () => {
  cms = await startTestCms({ seed: true })
  auth = await login(cms, ADMIN.email, ADMIN.password)
})

afterAll(async () => {
  await cms?.stop()
})

function multipart(payload: string): { body: Uint8Array; type: string } {
  const boundary = '----depthtest7d3f'
  const text = `--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n${payload}\r\n--${boundary}--\r\n`
  return { body: new Uint8Array(Buffer.from(text)), type: `multipart/form-data; boundary=${boundary}` }
}

async function save(path: string, json: string, as: 'json' | 'multipart', method = 'PATCH') {
  const { body, type } = as === 'json' ? { body: json, type: 'application/json' } : multipart(json)
  const response = await fetch(`${cms.api}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': type },
    body: body as BodyInit,
  })
  return { status: response.status, body: (await response.json()) as { errors?: { code: string; field?: string }[] } }
}

/** Lexical state with lists nested `levels` deep (a list inside each list item), as the editor saves it. */
function outline(levels: number): Record<string, unknown> {
  const node = (type: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
    type,
    children,
    direction: 'ltr',
    format: '',
    indent: 0,
    version: 1,
    ...extra,
  })
  const text = (value: string) => ({
    type: 'text',
    text: value,
    format: 0,
    style: '',
    mode: 'normal',
    detail: 0,
    version: 1,
  })
  let list = node('list', [node('listitem', [text(`level ${levels}`)], { value: 1 })], {
    listType: 'bullet',
    start: 1,
    tag: 'ul',
  })
  for (let level = levels - 1; level >= 1; level--) {
    list = node('list', [node('listitem', [text(`level ${level}`), list], { value: 1 })], {
      listType: 'bullet',
      start: 1,
      tag: 'ul',
    })
  }
  return { root: node('root', [node('paragraph', [text('Intro')], { textFormat: 0, textStyle: '' }), list]) }
}

describe('body depth limit and real content', () => {
  it('saves every seeded page and post back unchanged, as JSON and as the admin panel does', async () => {
    const pages = await cms.payload.find({ collection: 'pages', depth: 0, limit: 100, overrideAccess: true })
    const posts = await cms.payload.find({ collection: 'posts', depth: 0, limit: 100, overrideAccess: true })
    expect(pages.docs.length).toBeGreaterThan(0)
    expect(posts.docs.length).toBeGreaterThan(0)
    let deepest = 0
    for (const [slug, docs] of [
      ['pages', pages.docs],
      ['posts', posts.docs],
    ] as const) {
      for (const doc of docs) {
        const { id: _id, createdAt: _c, updatedAt: _u, ...data } = doc as unknown as Record<string, unknown>
        const json = JSON.stringify(data)
        deepest = Math.max(deepest, jsonDepth(json))
        for (const as of ['json', 'multipart'] as const) {
          const saved = await save(`/${slug}/${(doc as { id: number }).id}`, json, as)
          expect(
            saved.status,
            `${slug} ${(doc as { slug?: string }).slug} as ${as}: ${JSON.stringify(saved.body).slice(0, 300)}`,
          ).toBe(200)
        }
      }
    }
    // Real content stays far from the limit.
    expect(deepest).toBeGreaterThan(5)
    expect(deepest).toBeLessThan(cms.env.bodyMaxDepth / 2)
  })

  it('accepts lists nested six deep inside a rich text block of a page layout', async () => {
    const page = (await cms.payload.find({ collection: 'pages', limit: 1, overrideAccess: true })).docs[0]
    const json = JSON.stringify({ layout: [{ blockType: 'richText', content: outline(6) }] })
    expect(jsonDepth(json)).toBeGreaterThan(25)
    for (const as of ['json', 'multipart'] as const)
      expect((await save(`/pages/${page.id}`, json, as)).status).toBe(200)
    const saved = await cms.payload.findByID({ collection: 'pages', id: page.id, depth: 0, overrideAccess: true })
    expect(JSON.stringify(saved.layout)).toContain('level 6')
  })

  it('takes a body exactly BODY_MAX_DEPTH deep, and refuses one level more on every door', async () => {
    const max = cms.env.bodyMaxDepth
    const nested = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`
    const post = (await cms.payload.find({ collection: 'posts', limit: 1, overrideAccess: true })).docs[0]
    // { "title": [ … ] }: the object is one level.
    const atLimit = `{"title":${nested(max - 1)}}`
    const overLimit = `{"title":${nested(max)}}`
    expect(jsonDepth(atLimit)).toBe(max)
    for (const as of ['json', 'multipart'] as const) {
      const at = await save(`/posts/${post.id}`, atLimit, as)
      expect(at.body.errors?.map((e) => e.code) ?? []).not.toContain('BODY_TOO_DEEP')
      expect(at.status).toBeLessThan(500)
      const over = await save(`/posts/${post.id}`, overLimit, as)
      expect(over.status).toBe(400)
      expect(over.body.errors).toEqual([
        { message: expect.any(String), code: 'BODY_TOO_DEEP', ...(as === 'multipart' ? { field: '_payload' } : {}) },
      ])
    }
    const query = (depth: number) =>
      JSON.stringify({ query: `mutation { updatePost(id: ${post.id}, data: { title: ${nested(depth)} }) { id } }` })
    // mutation { updatePost( data: { — three levels around the value.
    const gqlOver = await fetch(`${cms.api}/graphql`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: query(max - 2),
    })
    expect(gqlOver.status).toBe(400)
    expect(((await gqlOver.json()) as { errors: { code: string }[] }).errors[0].code).toBe('BODY_TOO_DEEP')
    const gqlAt = await fetch(`${cms.api}/graphql`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: query(max - 3),
    })
    expect(((await gqlAt.json()) as { errors?: { code: string }[] }).errors?.map((e) => e.code) ?? []).not.toContain(
      'BODY_TOO_DEEP',
    )
    const variables = (depth: number) =>
      `{"query":"mutation ($t: String) { updatePost(id: ${post.id}, data: { title: $t }) { id } }","variables":{"t":${nested(depth)}}}`
    const varsOver = await fetch(`${cms.api}/graphql`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: variables(max - 1),
    })
    expect(varsOver.status).toBe(400)
    expect(((await varsOver.json()) as { errors: { code: string }[] }).errors[0].code).toBe('BODY_TOO_DEEP')
  })
})
