/**
 * The site's signed identity over real HTTP: signed site reads have their own budget, signed
 * visitor requests count against that visitor's, and forged, expired, malformed or unsigned
 * identities are ignored (the request is the socket's), without TRUST_PROXY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SITE_IDENTITY_HEADER, signSiteIdentity, siteIdentityKey } from '@mspn/contract/site-identity'
import { startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

const SECRET = 'site-identity-int-secret-0123456789abcdef'
const key = siteIdentityKey(SECRET)
const now = () => Math.floor(Date.now() / 1000)
const signed = (visitor = '', t = now()) => ({ [SITE_IDENTITY_HEADER]: signSiteIdentity(key, visitor, t) })
let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})

afterAll(async () => {
  await cms?.stop()
})

const app = (env: Record<string, string> = {}) =>
  cms.extraApp({
    REVALIDATE_SECRET: SECRET,
    RATE_LIMIT_API_PER_MINUTE: '3',
    RATE_LIMIT_SITE_PER_MINUTE: '1000',
    ...env,
  })

async function statuses(count: number, read: () => Promise<Response>): Promise<number[]> {
  const seen: number[] = []
  for (let i = 0; i < count; i += 1) seen.push((await read()).status)
  return seen
}

describe('site identity', () => {
  it("gives the site's own reads their own budget, cache hits included", async () => {
    const api = await app()
    const site = await statuses(12, () => fetch(`${api}/categories?limit=1`, { headers: signed() }))
    expect(site).toEqual(Array(12).fill(200))
    // Through the cache (hits) and through Payload (a distinct query each time).
    const misses = await statuses(5, () =>
      fetch(`${api}/categories?limit=1&page=${Math.random()}`, { headers: signed() }),
    )
    expect(misses.every((status) => status === 200 || status === 400)).toBe(true)
    // The loopback client itself still has its small budget.
    expect(await statuses(4, () => fetch(`${api}/categories?limit=1`))).toEqual([200, 200, 200, 429])
  })

  it('limits the site itself at its own budget', async () => {
    const api = await app({ RATE_LIMIT_SITE_PER_MINUTE: '4' })
    const site = await statuses(5, () => fetch(`${api}/categories?limit=1`, { headers: signed() }))
    expect(site).toEqual([200, 200, 200, 200, 429])
    // Unsigned requests from the same socket are counted apart.
    expect((await fetch(`${api}/categories?limit=1`)).status).toBe(200)
  })

  it("counts a visitor's reads against that visitor's budget, not the site's", async () => {
    const api = await app()
    const as = (visitor: string) => () => fetch(`${api}/categories?limit=1`, { headers: signed(visitor) })
    expect(await statuses(4, as('203.0.113.10'))).toEqual([200, 200, 200, 429])
    expect(await statuses(3, as('203.0.113.11'))).toEqual([200, 200, 200])
    expect(await statuses(3, as('2001:db8::1'))).toEqual([200, 200, 200])
    expect((await fetch(`${api}/categories?limit=1`, { headers: signed() })).status).toBe(200)
  })

  it('keys the contact budget on the signed visitor address', async () => {
    const api = await app({ RATE_LIMIT_CONTACT_PER_HOUR: '1', RATE_LIMIT_API_PER_MINUTE: '100' })
    const send = (visitor: string) =>
      request(`${api}/inquiries`, {
        method: 'POST',
        headers: signed(visitor),
        json: {
          name: 'Visitor',
          email: 'visitor@example.com',
          message: `Hello from ${visitor}, we need a website.`,
          formStartedAt: Date.now() - 10_000,
        },
      })
    expect((await send('198.51.100.1')).status).toBe(201)
    expect((await send('198.51.100.1')).status).toBe(429)
    expect((await send('198.51.100.2')).status).toBe(201)
  })

  it('ignores forged, expired, malformed and unsigned identities (the request is the socket address)', async () => {
    const api = await app({ RATE_LIMIT_API_PER_MINUTE: '2' })
    const forgedKey = siteIdentityKey(`${SECRET}-guess`)
    const headers = [
      { [SITE_IDENTITY_HEADER]: signSiteIdentity(forgedKey, '203.0.113.20', now()) },
      signed('203.0.113.21', now() - 3600),
      { [SITE_IDENTITY_HEADER]: 't=1,a=203.0.113.22' },
      { [SITE_IDENTITY_HEADER]: signSiteIdentity(forgedKey, '', now()) },
      // The internal header is the middleware's own: a caller's is dropped.
      { 'x-mspn-client-address': '203.0.113.23' },
    ]
    const seen: number[] = []
    for (const header of headers) seen.push((await fetch(`${api}/categories?limit=1`, { headers: header })).status)
    // All five counted against 127.0.0.1, whose budget is 2.
    expect(seen).toEqual([200, 200, 429, 429, 429])
  })

  it('has no site identity when REVALIDATE_SECRET is unset', async () => {
    const api = await cms.extraApp({ RATE_LIMIT_API_PER_MINUTE: '1' })
    expect((await fetch(`${api}/categories?limit=1`, { headers: signed() })).status).toBe(200)
    expect((await fetch(`${api}/categories?limit=1`, { headers: signed('203.0.113.30') })).status).toBe(429)
  })
})
