/**
 * The two Astro endpoint files, called as Astro calls them (a context object), with the
 * environment they read at load time pointed at a local fake CMS.
 */
import type { APIContext } from 'astro'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { signPayload } from '@mspn/contract/signature'
import { SITE_IDENTITY_HEADER, signSiteIdentity, siteIdentityKey } from '@mspn/contract/site-identity'
import { sendJson, startServer, type TestServer } from '../helpers/server.ts'

const SECRET = 'route-test-secret-with-at-least-32-chars'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  vi.unstubAllEnvs()
  vi.resetModules()
})

function context(request: Request, extra: Record<string, unknown> = {}): APIContext {
  return { request, url: new URL(request.url), params: {}, ...extra } as unknown as APIContext
}

describe('src/pages/api/contact.ts', () => {
  it('is server-rendered and forwards to CMS_URL with the visitor address, signed', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 201, { doc: { id: 1, createdAt: 'now' }, message: null }),
    )
    vi.stubEnv('CMS_URL', server.origin)
    vi.stubEnv('REVALIDATE_SECRET', SECRET)
    vi.stubEnv('CMS_RETRIES', '0')
    const route = await import('../../src/pages/api/contact.ts')
    expect(route.prerender).toBe(false)

    const request = new Request('http://site/api/contact', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ada',
        email: 'ada@example.com',
        message: 'A long enough message',
        sourcePage: '/contact',
      }),
    })
    const response = await route.POST(context(request, { clientAddress: '198.51.100.4' }))
    expect(response.status).toBe(200)
    const sent = server.requests[0]!.headers
    expect(sent['x-forwarded-for']).toBeUndefined()
    const t = Number(/^t=(\d+),/.exec(String(sent[SITE_IDENTITY_HEADER]))![1])
    expect(sent[SITE_IDENTITY_HEADER]).toBe(signSiteIdentity(siteIdentityKey(SECRET), '198.51.100.4', t))
  })

  it('still works when the adapter cannot tell the client address', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 201, { doc: { id: 1, createdAt: 'now' }, message: null }),
    )
    vi.stubEnv('CMS_URL', server.origin)
    const route = await import('../../src/pages/api/contact.ts')
    const ctx = context(
      new Request('http://site/api/contact', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    Object.defineProperty(ctx, 'clientAddress', {
      get() {
        throw new Error('clientAddress is not available')
      },
    })
    const response = await route.POST(ctx)
    expect(response.status).toBe(400)
  })
})

describe('src/pages/[cache]/invalidate.ts', () => {
  async function load(secret?: string) {
    if (secret) vi.stubEnv('REVALIDATE_SECRET', secret)
    const route = await import('../../src/pages/[cache]/invalidate.ts')
    const { routeCache } = await import('../../src/server/routeCache.ts')
    return { route, routeCache }
  }

  const post = (body: string, header?: string) =>
    new Request('http://site/_cache/invalidate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header ? { 'X-MSPN-Signature': header } : {}) },
      body,
    })

  it('purges the shared route cache for a signed POST to /_cache/invalidate', async () => {
    const { route, routeCache } = await load(SECRET)
    expect(route.prerender).toBe(false)
    routeCache.clear()
    routeCache.set('/blog/hello', { body: 'x', headers: {}, tags: ['doc:posts:1'] })
    routeCache.set('/services', { body: 'y', headers: {}, tags: ['collection:services'] })
    const body = JSON.stringify({ changes: [{ kind: 'collection', slug: 'posts', id: 1, operation: 'update' }] })
    const response = await route.ALL(
      context(post(body, signPayload(SECRET, body)), { params: { cache: '_cache' }, cache: { enabled: false } }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ purged: 1 })
    expect(routeCache.get('/services')).toBeDefined()
  })

  it('answers 503 without REVALIDATE_SECRET, 405 for other methods, and 404 for other prefixes', async () => {
    const { route } = await load()
    const unsigned = await route.ALL(context(post('{}'), { params: { cache: '_cache' } }))
    expect(unsigned.status).toBe(503)

    const get = await route.ALL(context(new Request('http://site/_cache/invalidate'), { params: { cache: '_cache' } }))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')

    const rewrite = vi.fn(async () => new Response('not found', { status: 404 }))
    const other = await route.ALL(context(post('{}'), { params: { cache: 'blog' }, rewrite }))
    expect(rewrite).toHaveBeenCalledWith('/404')
    expect(other.status).toBe(404)
  })
})
