import { describe, expect, it, vi } from 'vitest'

import { signPayload } from '@mspn/contract/signature'
import { handleInvalidate, type InvalidateDeps } from '../../src/server/invalidate.ts'
import { RouteCache } from '../../src/server/routeCache.ts'

const SECRET = 'a-test-secret-that-is-at-least-32-characters'
const NOW = 1_750_000_000
const quiet = { logWarn: () => undefined }

function seeded(): RouteCache {
  const cache = new RouteCache()
  const page = (tags: string[]) => ({ body: '<html></html>', headers: { 'content-type': 'text/html' }, tags })
  cache.set('/blog', page(['collection:posts', 'global:navigation']))
  cache.set('/blog/hello', page(['doc:posts:1', 'global:navigation']))
  cache.set('/blog/second', page(['doc:posts:2', 'global:navigation']))
  cache.set('/services', page(['collection:services', 'global:navigation']))
  return cache
}

function signed(
  body: string,
  { secret = SECRET, at = NOW, header }: { secret?: string; at?: number; header?: string | null } = {},
): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const signature = header === undefined ? signPayload(secret, body, at) : header
  if (signature !== null) headers['X-MSPN-Signature'] = signature
  return new Request('http://site/_cache/invalidate', { method: 'POST', headers, body })
}

const deps = (cache: RouteCache, extra: Partial<InvalidateDeps> = {}): InvalidateDeps => ({
  secret: SECRET,
  cache,
  now: NOW,
  ...quiet,
  ...extra,
})
const body = (changes: unknown[]) => JSON.stringify({ changes })

describe('POST /_cache/invalidate', () => {
  it('purges exactly the routes tagged with what changed, and keeps unrelated ones', async () => {
    const cache = seeded()
    const response = await handleInvalidate(
      signed(body([{ kind: 'collection', slug: 'posts', id: 1, operation: 'update' }])),
      deps(cache),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ purged: 2 })
    expect(cache.get('/blog')).toBeUndefined()
    expect(cache.get('/blog/hello')).toBeUndefined()
    expect(cache.get('/blog/second')).toBeDefined()
    expect(cache.get('/services')).toBeDefined()
  })

  it('purges every page showing a global', async () => {
    const cache = seeded()
    const response = await handleInvalidate(
      signed(body([{ kind: 'global', slug: 'navigation', operation: 'update' }])),
      deps(cache),
    )
    expect(await response.json()).toEqual({ purged: 4 })
  })

  it('answers purged 0 for changes nothing shows', async () => {
    const cache = seeded()
    const response = await handleInvalidate(
      signed(body([{ kind: 'collection', slug: 'testimonials', id: '7', operation: 'delete' }])),
      deps(cache),
    )
    expect(await response.json()).toEqual({ purged: 0 })
    expect(cache.stats().entries).toBe(4)
  })

  it.each([
    ['unsigned', null, 'SIGNATURE_MISSING'],
    ['malformed', 'v1=abc', 'SIGNATURE_MALFORMED'],
    [
      'signed with another secret',
      signPayload('another-secret-that-is-also-32-chars-long', body([]), NOW),
      'SIGNATURE_MISMATCH',
    ],
  ])('refuses a request that is %s with 401 and purges nothing', async (_label, header, code) => {
    const cache = seeded()
    const response = await handleInvalidate(
      signed(body([{ kind: 'global', slug: 'navigation', operation: 'update' }]), { header }),
      deps(cache),
    )
    expect(response.status).toBe(401)
    const json = (await response.json()) as { errors: { code: string }[]; requestId: string }
    expect(json.errors[0]!.code).toBe(code)
    expect(json.requestId).toBeTruthy()
    expect(cache.stats().entries).toBe(4)
  })

  it('refuses a body changed after signing', async () => {
    const cache = seeded()
    const header = signPayload(SECRET, body([]), NOW)
    const response = await handleInvalidate(
      signed(body([{ kind: 'global', slug: 'navigation', operation: 'update' }]), { header }),
      deps(cache),
    )
    expect(response.status).toBe(401)
    expect(cache.stats().entries).toBe(4)
  })

  it('refuses a stale (replayed) signature and one from the future', async () => {
    const cache = seeded()
    const stale = await handleInvalidate(signed(body([]), { at: NOW - 301 }), deps(cache))
    expect(stale.status).toBe(401)
    expect(((await stale.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('SIGNATURE_STALE')
    const future = await handleInvalidate(signed(body([]), { at: NOW + 301 }), deps(cache))
    expect(((await future.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('SIGNATURE_FUTURE')
    const edge = await handleInvalidate(signed(body([]), { at: NOW - 300 }), deps(cache))
    expect(edge.status).toBe(200)
  })

  it('answers 503 when REVALIDATE_SECRET is not configured', async () => {
    const response = await handleInvalidate(signed(body([])), deps(seeded(), { secret: undefined }))
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ errors: [{ code: 'NOT_CONFIGURED' }] })
  })

  it.each([
    ['not JSON', 'not json', 'INVALID_JSON'],
    ['without changes', JSON.stringify({}), 'VALIDATION_ERROR'],
    ['with an unknown kind', body([{ kind: 'table', slug: 'posts', operation: 'update' }]), 'VALIDATION_ERROR'],
    ['with a bad slug', body([{ kind: 'collection', slug: '../etc', operation: 'update' }]), 'VALIDATION_ERROR'],
    [
      'with an unknown operation',
      body([{ kind: 'collection', slug: 'posts', operation: 'publish' }]),
      'VALIDATION_ERROR',
    ],
  ])('answers 400 for a signed body %s', async (_label, raw, code) => {
    const cache = seeded()
    const response = await handleInvalidate(signed(raw), deps(cache))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ errors: [{ code }] })
    expect(cache.stats().entries).toBe(4)
  })

  it('names the failing field', async () => {
    const response = await handleInvalidate(
      signed(body([{ kind: 'collection', slug: 'posts', operation: 'publish' }])),
      deps(seeded()),
    )
    expect(await response.json()).toMatchObject({ errors: [{ field: 'changes.0.operation' }] })
  })

  it('refuses bodies over the size limit with 413', async () => {
    const huge = JSON.stringify({ changes: [], padding: 'x'.repeat(300 * 1024) })
    const response = await handleInvalidate(signed(huge), deps(seeded()))
    expect(response.status).toBe(413)
  })

  it("also purges Astro's built-in route cache when it is enabled, and survives its failure", async () => {
    const invalidate = vi.fn(async () => undefined)
    await handleInvalidate(
      signed(body([{ kind: 'global', slug: 'footer', operation: 'update' }])),
      deps(seeded(), { astroCache: { enabled: true, invalidate } }),
    )
    expect(invalidate).toHaveBeenCalledWith({ tags: ['global:footer'] })

    const disabled = vi.fn(async () => undefined)
    await handleInvalidate(
      signed(body([{ kind: 'global', slug: 'footer', operation: 'update' }])),
      deps(seeded(), { astroCache: { enabled: false, invalidate: disabled } }),
    )
    expect(disabled).not.toHaveBeenCalled()

    const failing = { enabled: true, invalidate: vi.fn(async () => Promise.reject(new Error('provider down'))) }
    const response = await handleInvalidate(
      signed(body([{ kind: 'global', slug: 'footer', operation: 'update' }])),
      deps(seeded(), { astroCache: failing }),
    )
    expect(response.status).toBe(200)
  })

  it('accepts a fresh signature against the real clock', async () => {
    const raw = body([{ kind: 'collection', slug: 'posts', id: 2, operation: 'delete' }])
    const cache = seeded()
    const response = await handleInvalidate(signed(raw, { at: Math.floor(Date.now() / 1000) }), {
      secret: SECRET,
      cache,
      ...quiet,
    })
    expect(await response.json()).toEqual({ purged: 2 })
  })

  it('never sends a stack trace and is never cached', async () => {
    const response = await handleInvalidate(signed('not json'), deps(seeded()))
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).not.toMatch(/\bat .+:\d+:\d+/)
  })
})
