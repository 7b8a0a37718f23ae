/**
 * Draft preview, CMS side: the admin's Preview links and live preview point at the site with a
 * signed token, and `GET /api/v1/preview` answers exactly the draft a valid token names, read
 * with the access of the editor who asked, never cached; every bad token is a 401 envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { previewExpiry, signPreviewToken } from '@mspn/contract/preview-token'
import { richText } from '../../src/seed/lexical'
import { createUser, startTestCms, type TestCms } from '../helpers/cms'

const PREVIEW_SECRET = 'preview-secret-for-integration-tests-0123'
const SITE_URL = 'https://site.example.test'
let cms: TestCms
let admin: { id: number }
let author: { id: number }
let draftService: { id: number | string }
let authorsPost: { id: number | string }

const tokenFor = (
  collection: 'services' | 'posts' | 'pages',
  id: number | string,
  userId: number | string,
  expiresAt = previewExpiry(),
) => signPreviewToken(PREVIEW_SECRET, { collection, id: String(id), userId: String(userId), expiresAt })

const preview = (token: string | null, query = '') =>
  fetch(`${cms.api}/preview${query}`, { headers: token === null ? {} : { 'x-preview-token': token } })

beforeAll(async () => {
  cms = await startTestCms({ env: { PREVIEW_SECRET, SITE_URL } })
  admin = (await createUser(cms, 'admin')).user
  author = (await createUser(cms, 'author', 'Ada Author')).user
  const published = await cms.payload.create({
    collection: 'services',
    data: { title: 'Published title', summary: 'Public summary', _status: 'published' },
    overrideAccess: true,
  })
  draftService = await cms.payload.update({
    collection: 'services',
    id: published.id,
    data: { title: 'Unpublished draft title', summary: 'Draft summary' },
    draft: true,
    overrideAccess: true,
  })
  authorsPost = await cms.payload.create({
    collection: 'posts',
    data: {
      title: 'An author’s draft',
      excerpt: 'Draft excerpt',
      content: richText('Draft body'),
      author: author.id,
      _status: 'draft',
    },
    draft: true,
    overrideAccess: true,
  })
}, 120_000)

afterAll(async () => {
  await cms?.stop()
})

describe('draft preview endpoint', () => {
  it('answers the draft a valid token names, never cached, while the public API shows the published version', async () => {
    const response = await preview(
      tokenFor('services', draftService.id, admin.id),
      '?depth=0&select[title]=true&select[summary]=true',
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store, private')
    expect(response.headers.get('x-cache')).toBe('BYPASS')
    const { doc } = (await response.json()) as { doc: Record<string, unknown> }
    expect(doc).toMatchObject({ id: draftService.id, title: 'Unpublished draft title', summary: 'Draft summary' })
    // `select` is honoured: only what the site asked for comes back.
    expect(doc.slug).toBeUndefined()

    const pub = (await (await fetch(`${cms.api}/services/${draftService.id}?depth=0`)).json()) as { title: string }
    expect(pub.title).toBe('Published title')
  })

  it('refuses missing, malformed, tampered, re-scoped and expired tokens with a 401 envelope', async () => {
    const good = tokenFor('services', draftService.id, admin.id)
    const cases: [string | null, string][] = [
      [null, 'PREVIEW_TOKEN_MISSING'],
      ['not-a-token', 'PREVIEW_TOKEN_MALFORMED'],
      [`${good.slice(0, -2)}xx`, 'PREVIEW_TOKEN_BAD_SIGNATURE'],
      [good.replace('.services.', '.pages.'), 'PREVIEW_TOKEN_BAD_SIGNATURE'],
      [
        signPreviewToken('some-other-secret-that-is-long-enough-00', {
          collection: 'services',
          id: String(draftService.id),
          userId: String(admin.id),
          expiresAt: previewExpiry(),
        }),
        'PREVIEW_TOKEN_BAD_SIGNATURE',
      ],
      [tokenFor('services', draftService.id, admin.id, Math.floor(Date.now() / 1000) - 1), 'PREVIEW_TOKEN_EXPIRED'],
    ]
    for (const [token, code] of cases) {
      const response = await preview(token)
      expect(response.status, code).toBe(401)
      expect(response.headers.get('cache-control')).toBe('no-store, private')
      const body = (await response.json()) as { errors: { code: string; message: string }[]; requestId: string }
      expect(body.errors[0]?.code).toBe(code)
      expect(body.errors[0]?.message).toMatch(/preview/i)
      expect(body.requestId).toEqual(expect.any(String))
    }
  })

  it('reads with the access of the editor who asked: an author sees their own draft, not someone else’s', async () => {
    const own = await preview(tokenFor('posts', authorsPost.id, author.id), '?depth=0')
    expect(own.status).toBe(200)
    expect(((await own.json()) as { doc: { title: string } }).doc.title).toBe('An author’s draft')

    const other = await createUser(cms, 'author', 'Other Author')
    const refused = await preview(tokenFor('posts', authorsPost.id, other.user.id))
    expect([403, 404]).toContain(refused.status)
    const body = (await refused.json()) as { errors: { code: string }[] }
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(body.errors[0]?.code)
  })

  it('stops working when the editor’s account is removed, and for deleted documents', async () => {
    const editor = await createUser(cms, 'editor', 'Short-lived Editor')
    const token = tokenFor('services', draftService.id, editor.user.id)
    expect((await preview(token)).status).toBe(200)
    await cms.payload.delete({ collection: 'users', id: editor.user.id, overrideAccess: true })
    const gone = await preview(token)
    expect(gone.status).toBe(401)
    expect(((await gone.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('PREVIEW_TOKEN_UNKNOWN_USER')

    const doomed = await cms.payload.create({
      collection: 'services',
      data: { title: 'Doomed', summary: 'x' },
      draft: true,
      overrideAccess: true,
    })
    const doomedToken = tokenFor('services', doomed.id, admin.id)
    await cms.payload.delete({ collection: 'services', id: doomed.id, overrideAccess: true })
    expect((await preview(doomedToken)).status).toBe(404)
  })
})

describe('admin preview links', () => {
  const collection = (slug: string) => cms.payload.config.collections.find((c) => c.slug === slug)!

  it('gives pages, posts, projects, services and demos a Preview button to the site with a valid token', async () => {
    for (const slug of ['pages', 'posts', 'projects', 'services', 'demos']) {
      expect(typeof collection(slug).admin.preview, slug).toBe('function')
    }
    for (const slug of ['media', 'inquiries', 'users', 'testimonials', 'categories'])
      expect(collection(slug).admin.preview, slug).toBeUndefined()

    const generate = collection('services').admin.preview!
    const url = await generate(
      { id: draftService.id },
      { req: { user: { id: admin.id } } as never, locale: 'en', token: null },
    )
    expect(url).toMatch(new RegExp(`^${SITE_URL}/preview\\?token=`))
    const token = new URL(url!).searchParams.get('token')
    expect((await preview(token)).status).toBe(200)
    // A document that was never saved has nothing to preview.
    expect(await generate({}, { req: { user: { id: admin.id } } as never, locale: 'en', token: null })).toBeNull()
  })

  it('configures live preview for the same collections, at phone and desktop sizes', async () => {
    const live = cms.payload.config.admin.livePreview!
    expect(live.collections).toEqual(['pages', 'posts', 'services', 'projects', 'demos'])
    expect(live.breakpoints?.map((b) => b.name)).toEqual(['phone', 'desktop'])
    const url = await (live.url as (args: unknown) => Promise<string>)({
      data: { id: draftService.id },
      collectionConfig: collection('services'),
      req: { user: { id: admin.id } },
    })
    expect(url).toMatch(new RegExp(`^${SITE_URL}/preview\\?token=`))
  })

  it('lets the admin panel frame the site for live preview', async () => {
    const response = await fetch(`${cms.url}/admin`, { redirect: 'manual' })
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`frame-src 'self' ${SITE_URL}`)
  })
})
