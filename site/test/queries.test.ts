import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { env } from '../src/env.ts'
import { cms as defaultCms } from '../src/cms/index.ts'
import { CmsHttpError } from '../src/cms/errors.ts'
import { createCms, type Cms } from '../src/cms/queries.ts'
import { fixture } from './helpers/fixtures.ts'
import { recordingLogger } from './helpers/recorders.ts'
import { sendJson, startServer, type ReceivedRequest, type TestServer } from './helpers/server.ts'

/**
 * A stand-in CMS answering with responses recorded from the real one. It picks the fixture
 * from the path and the slug asked for, so each test checks both what the query sent and
 * that the recorded answer parses.
 */
function answerFor(request: ReceivedRequest): { status: number; body: unknown } {
  const url = new URL(request.url, 'http://cms.test')
  const slug = url.searchParams.get('where[slug][equals]')
  const path = url.pathname.replace('/api/v1', '')
  if (request.method === 'POST') {
    const body = JSON.parse(request.body) as { email?: string }
    return body.email?.includes('@')
      ? { status: 201, body: fixture('inquiry-created') }
      : { status: 400, body: fixture('error-validation') }
  }
  if (path.startsWith('/globals/')) return { status: 200, body: fixture(`global-${path.slice('/globals/'.length)}`) }
  if (slug !== null) {
    const known: Record<string, string> = {
      '/pages:home': 'page-home',
      '/posts:why-we-moved-our-content-sites-to-a-headless-cms': 'post',
      '/services:web-applications': 'service',
      '/projects:ledgerly-real-time-bookkeeping': 'project',
      '/demos:project-cost-estimator': 'demo',
    }
    return { status: 200, body: fixture(known[`${path}:${slug}`] ?? 'not-found') }
  }
  if (path === '/posts') {
    const page = Number(url.searchParams.get('page'))
    if (page > 1)
      return { status: 200, body: { ...(fixture('not-found') as object), page, totalPages: 1, totalDocs: 3 } }
    return {
      status: 200,
      body: fixture(url.searchParams.has('where[categories.slug][equals]') ? 'posts-by-category' : 'posts-page-1'),
    }
  }
  const lists: Record<string, string> = {
    '/services': 'services',
    '/projects': 'projects',
    '/demos': 'demos',
    '/categories': 'categories',
  }
  const name = lists[path]
  return name
    ? { status: 200, body: fixture(name) }
    : { status: 404, body: { errors: [{ message: 'Not Found', code: 'NOT_FOUND' }] } }
}

let server: TestServer
let cms: Cms

beforeAll(async () => {
  server = await startServer((request, response) => {
    const { status, body } = answerFor(request)
    sendJson(response, status, body)
  })
  cms = createCms({ baseUrl: server.origin, logger: recordingLogger(), retries: 0 })
})
afterAll(() => server.close())
beforeEach(() => {
  server.requests.length = 0
})

/** The last request's path and decoded query parameters. */
function lastRequest() {
  const request = server.requests.at(-1)
  if (!request) throw new Error('no request reached the server')
  const url = new URL(request.url, 'http://cms.test')
  return { path: url.pathname, params: url.searchParams, request }
}

/** Top-level field names in `select[...]`. */
function selected(params: URLSearchParams, prefix = 'select'): string[] {
  const fields = new Set<string>()
  for (const key of params.keys()) {
    const match = new RegExp(`^${prefix}\\[([^\\]]+)\\]`).exec(key)
    if (match?.[1]) fields.add(match[1])
  }
  return [...fields]
}

describe('getSiteChrome', () => {
  it('fetches the three globals in parallel, each trimmed, and parses them', async () => {
    const chrome = await cms.getSiteChrome()

    expect(server.requests.map((r) => new URL(r.url, 'http://x').pathname).sort()).toEqual([
      '/api/v1/globals/footer',
      '/api/v1/globals/navigation',
      '/api/v1/globals/site-settings',
    ])
    const settings = server.requests.find((r) => r.url.includes('site-settings'))!
    const params = new URL(settings.url, 'http://x').searchParams
    expect(params.get('depth')).toBe('1')
    expect(selected(params)).toEqual([
      'siteName',
      'tagline',
      'contactEmail',
      'socials',
      'defaultSeo',
      'analytics',
      'features',
    ])
    expect(params.get('populate[media][filename]')).toBe('true')

    expect(chrome.settings.siteName).toBe('MSPN DEV')
    expect(chrome.navigation.items.length).toBeGreaterThan(0)
    expect(chrome.footer.note).toContain('MSPN DEV')
  })
})

describe('getPage', () => {
  it('asks for one page by slug at depth 2, with trimmed related documents', async () => {
    const page = await cms.getPage('home')

    const { path, params } = lastRequest()
    expect(path).toBe('/api/v1/pages')
    expect(params.get('where[slug][equals]')).toBe('home')
    expect(params.get('limit')).toBe('1')
    expect(params.get('pagination')).toBe('false')
    expect(params.get('depth')).toBe('2')
    expect(selected(params)).toEqual(['title', 'slug', 'layout', 'seo'])
    expect(selected(params, 'populate').sort()).toEqual([
      'demos',
      'media',
      'pages',
      'posts',
      'projects',
      'services',
      'testimonials',
    ])
    expect(params.get('populate[projects][coverImage]')).toBe('true')
    expect(params.has('populate[projects][body]')).toBe(false)
    expect(params.get('populate[media][sizes][heroAvif]')).toBe('true')

    expect(page?.layout).toHaveLength(6)
  })

  it('answers null for a page that does not exist', async () => {
    await expect(cms.getPage('no-such-page')).resolves.toBeNull()
    expect(server.requests).toHaveLength(1)
  })

  it('answers null without asking the CMS for a slug no document can have', async () => {
    await expect(cms.getPage('../admin')).resolves.toBeNull()
    await expect(cms.getPage('')).resolves.toBeNull()
    expect(server.requests).toHaveLength(0)
  })

  it('passes the caller request ID and signal through', async () => {
    await cms.getPage('home', { requestId: 'visitor-req-42', signal: new AbortController().signal })
    expect(lastRequest().request.headers['x-request-id']).toBe('visitor-req-42')
  })
})

describe('posts', () => {
  it('lists newest first, nine per page by default, only card fields', async () => {
    const list = await cms.listPosts()

    const { path, params } = lastRequest()
    expect(path).toBe('/api/v1/posts')
    expect(Object.fromEntries(['sort', 'limit', 'page', 'depth'].map((k) => [k, params.get(k)]))).toEqual({
      sort: '-publishedAt',
      limit: '9',
      page: '1',
      depth: '1',
    })
    expect(selected(params)).toEqual([
      'title',
      'slug',
      'excerpt',
      'coverImage',
      'categories',
      'authorName',
      'publishedAt',
    ])
    expect(params.get('populate[categories][slug]')).toBe('true')
    expect(params.has('populate[categories][description]')).toBe(false)
    expect(params.get('populate[media][sizes][card]')).toBe('true')
    expect(params.has('populate[media][sizes][hero]')).toBe(false)
    expect(params.has('where[categories.slug][equals]')).toBe(false)

    expect(list?.docs).toHaveLength(3)
    expect(list?.totalDocs).toBe(10)
  })

  it('filters by category slug and pages', async () => {
    const list = await cms.listPosts({ category: 'design', perPage: 3 })

    const { params } = lastRequest()
    expect(params.get('where[categories.slug][equals]')).toBe('design')
    expect(params.get('limit')).toBe('3')
    expect(list?.docs.every((post) => post.categories.some((c) => c.slug === 'design'))).toBe(true)
  })

  it('answers null past the last page', async () => {
    await expect(cms.listPosts({ page: 5 })).resolves.toBeNull()
    expect(lastRequest().params.get('page')).toBe('5')
  })

  it('answers null without asking for paging values no page can have', async () => {
    for (const params of [
      { page: 0 },
      { page: 1.5 },
      { page: Number.NaN },
      { perPage: 0 },
      { perPage: 1000 },
      { category: 'a b' },
    ]) {
      await expect(cms.listPosts(params)).resolves.toBeNull()
    }
    expect(server.requests).toHaveLength(0)
  })

  it('gets one post with its content and SEO, or null', async () => {
    const post = await cms.getPost('why-we-moved-our-content-sites-to-a-headless-cms')

    const { params } = lastRequest()
    expect(params.get('depth')).toBe('1')
    expect(selected(params)).toEqual(expect.arrayContaining(['content', 'seo', 'coverImage', 'categories']))
    expect(post?.title).toBe('Why we moved our content sites to a headless CMS')
    expect(post?.coverImage?.sizes?.hero?.url).toMatch(/^http/)

    await expect(cms.getPost('gone')).resolves.toBeNull()
  })
})

describe('services, projects, demos, categories', () => {
  it('lists services in editor order with card fields only', async () => {
    const services = await cms.listServices()

    const { path, params } = lastRequest()
    expect(path).toBe('/api/v1/services')
    expect(params.get('sort')).toBe('order,title')
    expect(params.get('depth')).toBe('0')
    expect(selected(params)).toEqual(['title', 'slug', 'summary', 'icon', 'order'])
    expect(services.map((s) => s.order ?? 0)).toEqual(services.map((s) => s.order ?? 0).sort((a, b) => a - b))
    expect(services).toHaveLength(6)
  })

  it('gets one service, or null', async () => {
    const service = await cms.getService('web-applications')
    expect(selected(lastRequest().params)).toEqual(expect.arrayContaining(['body', 'features', 'seo']))
    expect(service?.features.map((f) => f.feature)).toContain('Design systems')
    await expect(cms.getService('nope')).resolves.toBeNull()
  })

  it('lists projects, featured first on request', async () => {
    const featured = await cms.listProjects({ limit: 3, featuredFirst: true })
    expect(lastRequest().params.get('sort')).toBe('-featured,-year,-publishedAt')
    expect(lastRequest().params.get('limit')).toBe('3')
    expect(featured.every((p) => p.featured)).toBe(true)

    await cms.listProjects()
    expect(lastRequest().params.get('sort')).toBe('-year,-publishedAt')
    expect(lastRequest().params.get('limit')).toBe('100')
  })

  it('gets one project with its case study, or null', async () => {
    const project = await cms.getProject('ledgerly-real-time-bookkeeping')
    expect(selected(lastRequest().params)).toEqual(
      expect.arrayContaining(['body', 'gallery', 'results', 'links', 'seo']),
    )
    expect(project?.client).toBe('Ledgerly')
    expect(project?.stack).toContain('TypeScript')
    await expect(cms.getProject('nope')).resolves.toBeNull()
  })

  it('lists demos without their settings, and gets one with them', async () => {
    const demos = await cms.listDemos()
    expect(selected(lastRequest().params)).not.toContain('settings')
    expect(demos.map((d) => d.kind).sort()).toEqual(['api-explorer', 'cost-estimator', 'performance-chart'])

    const demo = await cms.getDemo('project-cost-estimator')
    expect(selected(lastRequest().params)).toContain('settings')
    expect(demo?.settings).toMatchObject({ dayRate: 720 })
    await expect(cms.getDemo('nope')).resolves.toBeNull()
  })

  it('lists categories alphabetically', async () => {
    const categories = await cms.listCategories()
    expect(lastRequest().params.get('sort')).toBe('title')
    expect(categories.map((c) => c.slug)).toContain('design')
  })
})

describe('createInquiry', () => {
  it('posts the form with the honeypot and start time for the CMS to judge', async () => {
    const formStartedAt = Date.now() - 10_000
    const created = await cms.createInquiry({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      message: 'We would like a quote for a new website.',
      website: '',
      formStartedAt,
    })

    const { path, request } = lastRequest()
    expect(request.method).toBe('POST')
    expect(path).toBe('/api/v1/inquiries')
    expect(JSON.parse(request.body)).toMatchObject({ website: '', formStartedAt, email: 'ada@example.com' })
    expect(created).toEqual({ id: 3, message: 'Inquiry successfully created.' })
  })

  it('surfaces the CMS refusal with its fields', async () => {
    const error = await cms.createInquiry({ name: 'A', email: 'nope', message: 'short' }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(CmsHttpError)
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', field: 'email' })
    expect((error as CmsHttpError).errors.map((e) => e.field)).toEqual(['email', 'message'])
  })
})

describe('default instance', () => {
  it('points at CMS_URL from the environment', () => {
    expect(defaultCms.client.apiUrl).toBe(`${new URL(env.CMS_URL).origin}/api/v1`)
  })
})
