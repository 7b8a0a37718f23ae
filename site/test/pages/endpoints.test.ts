/**
 * The feed, sitemap and robots endpoints against a stand-in CMS serving recorded answers.
 * Nothing from src/ is imported statically: the site's env is read when first imported, so
 * CMS_URL must point at the stand-in before that.
 */
import type { APIContext, APIRoute } from 'astro'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { fixture } from '../helpers/fixtures.ts'
import { sendJson, startServer, type TestServer } from '../helpers/server.ts'

let server: TestServer
let blogEnabled = true
let postsFail = false
let endpoints: { rss: APIRoute; sitemap: APIRoute; robots: APIRoute }

const lists: Record<string, string> = {
  '/services': 'services',
  '/projects': 'projects',
  '/demos': 'demos',
  '/categories': 'categories',
}

beforeAll(async () => {
  server = await startServer((request, response) => {
    const url = new URL(request.url, 'http://cms.test')
    const path = url.pathname.replace('/api/v1', '')
    if (path === '/globals/site-settings') {
      const settings = fixture('global-site-settings') as { features: Record<string, boolean> }
      return sendJson(response, 200, { ...settings, features: { ...settings.features, blog: blogEnabled } })
    }
    if (path.startsWith('/globals/'))
      return sendJson(response, 200, fixture(`global-${path.slice('/globals/'.length)}`))
    if (path === '/posts') {
      if (postsFail) return sendJson(response, 500, { errors: [{ message: 'boom', code: 'INTERNAL' }], requestId: 'x' })
      return sendJson(response, 200, { ...(fixture('posts-page-1') as object), hasNextPage: false })
    }
    if (path === '/pages') {
      // What listPages() asks for: every published page's slug (recorded pages, trimmed to the selection).
      const docs = ['page-home', 'page-about', 'page-contact'].map(
        (name) => (fixture(name) as { docs: Array<{ id: number; slug: string }> }).docs[0]!,
      )
      const summaries = docs.map(({ id, slug }) => ({ id, slug, updatedAt: '2026-01-01T00:00:00.000Z', seo: null }))
      return sendJson(response, 200, {
        docs: summaries,
        totalDocs: 3,
        limit: 1000,
        totalPages: 1,
        page: 1,
        hasPrevPage: false,
        hasNextPage: false,
      })
    }
    const name = lists[path]
    return name
      ? sendJson(response, 200, fixture(name))
      : sendJson(response, 404, { errors: [{ message: 'Not Found', code: 'NOT_FOUND' }] })
  })
  process.env.CMS_URL = server.origin
  process.env.CMS_RETRIES = '0'
  process.env.SITE_URL = 'https://mspn.test'
  endpoints = {
    rss: (await import('../../src/pages/rss.xml.ts')).GET,
    sitemap: (await import('../../src/pages/sitemap.xml.ts')).GET,
    robots: (await import('../../src/pages/robots.txt.ts')).GET,
  }
})
afterAll(() => server.close())
beforeEach(() => {
  blogEnabled = true
  postsFail = false
})

/**
 * A fresh request each call: the chrome is loaded once per request. Requests arrive for another
 * host (a spoofed Host header): absolute URLs must still be on SITE_URL (https://mspn.test).
 */
function call(route: APIRoute, path: string): Promise<Response> {
  const url = new URL(path, 'https://spoofed-host.example')
  return Promise.resolve(route({ request: new Request(url), url, locals: {} } as unknown as APIContext))
}

describe('/rss.xml', () => {
  it('serves the newest posts as RSS with absolute links', async () => {
    const response = await call(endpoints.rss, '/rss.xml')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    expect(response.headers.get('cache-control')).toContain('s-maxage=60')
    const xml = await response.text()
    expect(xml).toContain('<atom:link href="https://mspn.test/rss.xml"')
    expect(xml).toMatch(/<item><title>[^<]+<\/title><link>https:\/\/mspn\.test\/blog\/[a-z0-9-]+<\/link>/)
  })

  it('is 404 when the blog is switched off', async () => {
    blogEnabled = false
    const response = await call(endpoints.rss, '/rss.xml')
    expect(response.status).toBe(404)
  })

  it('is 503, not cached, when the CMS fails', async () => {
    postsFail = true
    const response = await call(endpoints.rss, '/rss.xml')
    expect(response.status).toBe(503)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).not.toContain('boom')
  })
})

describe('/sitemap.xml', () => {
  it('lists public URLs on SITE_URL, whatever host the request named', async () => {
    const response = await call(endpoints.sitemap, '/sitemap.xml')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const xml = await response.text()
    expect(xml).toContain('<loc>https://mspn.test/</loc>')
    expect(xml).toContain('<loc>https://mspn.test/about</loc>')
    expect(xml).toContain('<loc>https://mspn.test/contact</loc>')
    expect(xml).not.toContain('<loc>https://mspn.test/home</loc>')
    expect(xml).toMatch(/<loc>https:\/\/mspn\.test\/services\/[a-z0-9-]+<\/loc>/)
    expect(xml).toMatch(/<loc>https:\/\/mspn\.test\/blog\/[a-z0-9-]+<\/loc>/)
    expect(xml).not.toContain('spoofed-host')
  })

  it('is 503 when the CMS fails', async () => {
    postsFail = true
    const response = await call(endpoints.sitemap, '/sitemap.xml')
    expect(response.status).toBe(503)
    expect(response.headers.get('cache-control')).toBe('no-store')
  })
})

describe('/robots.txt', () => {
  it('allows crawling and names the sitemap', async () => {
    const response = await call(endpoints.robots, '/robots.txt')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('User-agent: *\nAllow: /\n\nSitemap: https://mspn.test/sitemap.xml\n')
  })

  it('disallows everything on a staging site (APP_ENV=staging)', async () => {
    const { env } = await import('../../src/env.ts')
    const appEnv = env.APP_ENV
    env.APP_ENV = 'staging'
    try {
      const response = await call(endpoints.robots, '/robots.txt')
      expect(await response.text()).toBe('User-agent: *\nDisallow: /\n\nSitemap: https://mspn.test/sitemap.xml\n')
    } finally {
      env.APP_ENV = appEnv
    }
  })
})
