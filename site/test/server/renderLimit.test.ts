/** The per-visitor render budget, its bounded memory, its 429 page and the visitor's address. */
import type { APIContext, MiddlewareNext } from 'astro'
import { describe, expect, it, vi } from 'vitest'

import { RenderLimiter, renderLimitMiddleware } from '../../src/server/renderLimit.ts'
import { normaliseAddress, socketAddressOf, visitorAddress } from '../../src/server/visitorAddress.ts'

describe('RenderLimiter', () => {
  it('allows `limit` renders a window per address, then says when to retry', () => {
    let now = 1_000_000
    const limiter = new RenderLimiter({ limit: 3, windowMs: 60_000, now: () => now })
    expect([1, 2, 3].map(() => limiter.hit('192.0.2.1').ok)).toEqual([true, true, true])
    now += 15_000
    expect(limiter.hit('192.0.2.1')).toEqual({ ok: false, retryAfterSeconds: 45 })
    // Another visitor is unaffected.
    expect(limiter.hit('192.0.2.2').ok).toBe(true)
    now += 45_000
    expect(limiter.hit('192.0.2.1').ok).toBe(true)
  })

  it('keeps at most maxEntries addresses: expired windows go first, then the oldest', () => {
    let now = 0
    const limiter = new RenderLimiter({ limit: 1, windowMs: 1000, maxEntries: 3, now: () => now })
    for (const address of ['a', 'b', 'c']) limiter.hit(address)
    expect(limiter.size).toBe(3)
    limiter.hit('d') // full, nothing expired: the oldest ('a') is forgotten
    expect(limiter.size).toBe(3)
    expect(limiter.hit('a').ok).toBe(true)
    expect(limiter.hit('c').ok).toBe(false)
    now = 5000
    for (let i = 0; i < 1000; i += 1) limiter.hit(`flood-${i}`)
    expect(limiter.size).toBe(3)
  })
})

function contextFor(path: string, clientAddress: string | undefined, init: RequestInit = {}): APIContext {
  const request = new Request(`http://localhost:4321${path}`, init)
  const context = { request, url: new URL(request.url), locals: {}, isPrerendered: false } as unknown as APIContext
  Object.defineProperty(context, 'clientAddress', {
    get() {
      if (clientAddress === undefined) throw new Error('no address')
      return clientAddress
    },
  })
  return context
}

describe('renderLimitMiddleware', () => {
  const setup = (limit = 2) => {
    const middleware = renderLimitMiddleware({
      limiter: new RenderLimiter({ limit }),
      addressOf: (context) =>
        visitorAddress(socketAddressOf(context), context.request.headers.get('x-forwarded-for'), 0),
      exempt: (url) => url.pathname === '/_cache/invalidate',
    })
    const next = vi.fn<MiddlewareNext>(async () => new Response('page'))
    return { middleware, next }
  }

  it('answers a visitor over budget with a small 429 page without rendering, and serves others', async () => {
    const { middleware, next } = setup()
    for (let i = 0; i < 2; i += 1)
      expect(((await middleware(contextFor(`/p${i}`, '192.0.2.1'), next)) as Response).status).toBe(200)
    const refused = (await middleware(contextFor('/p3', '192.0.2.1'), next)) as Response
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.headers.get('cache-control')).toBe('no-store')
    expect(refused.headers.get('content-type')).toContain('text/html')
    const page = await refused.text()
    expect(page).toContain('Too many requests')
    // The page says how long to wait, in the same seconds as Retry-After.
    expect(page).toContain(`wait ${refused.headers.get('retry-after')} seconds`)
    expect(next).toHaveBeenCalledTimes(2)
    // A spoofed X-Forwarded-For does not buy a new budget (no trusted proxy).
    expect(
      (
        (await middleware(
          contextFor('/p4', '192.0.2.1', { headers: { 'x-forwarded-for': '198.51.100.1' } }),
          next,
        )) as Response
      ).status,
    ).toBe(429)
    expect(((await middleware(contextFor('/p3', '192.0.2.2'), next)) as Response).status).toBe(200)
  })

  it('counts a rewrite once, and never counts exempt paths, prerendered pages or unknown addresses', async () => {
    const { middleware, next } = setup(1)
    const context = contextFor('/missing', '192.0.2.5')
    expect(((await middleware(context, next)) as Response).status).toBe(200)
    expect(((await middleware(context, next)) as Response).status).toBe(200) // same locals: a rewrite
    for (let i = 0; i < 3; i += 1) {
      expect(
        ((await middleware(contextFor('/_cache/invalidate', '192.0.2.5', { method: 'POST' }), next)) as Response)
          .status,
      ).toBe(200)
      expect(((await middleware(contextFor('/x', undefined), next)) as Response).status).toBe(200)
      const prerendered = contextFor('/about', '192.0.2.5')
      ;(prerendered as unknown as { isPrerendered: boolean }).isPrerendered = true
      expect(((await middleware(prerendered, next)) as Response).status).toBe(200)
    }
    expect(((await middleware(contextFor('/again', '192.0.2.5'), next)) as Response).status).toBe(429)
  })
})

describe('visitorAddress', () => {
  it('is the socket address unless proxies are trusted', () => {
    expect(visitorAddress('192.0.2.1', '198.51.100.1', 0)).toBe('192.0.2.1')
    expect(visitorAddress('::ffff:192.0.2.1', null, 0)).toBe('192.0.2.1')
    expect(visitorAddress('2001:db8::1', null, 0)).toBe('2001:db8::1')
    expect(visitorAddress(undefined, '198.51.100.1', 0)).toBeUndefined()
  })

  it('counts trusted hops from the right, falling back to the socket when the chain is short or junk', () => {
    expect(visitorAddress('10.0.0.1', '203.0.113.9, 198.51.100.1', 1)).toBe('198.51.100.1')
    expect(visitorAddress('10.0.0.1', '203.0.113.9, 198.51.100.1', 2)).toBe('203.0.113.9')
    expect(visitorAddress('10.0.0.1', '198.51.100.1', 3)).toBe('198.51.100.1')
    expect(visitorAddress('10.0.0.1', 'junk, 198.51.100.1', 2)).toBe('10.0.0.1')
    expect(visitorAddress('10.0.0.1', null, 1)).toBe('10.0.0.1')
  })

  it('normalises IPv4-mapped addresses only', () => {
    expect(normaliseAddress('::ffff:127.0.0.2')).toBe('127.0.0.2')
    expect(normaliseAddress('::1')).toBe('::1')
  })
})
