import { describe, expect, it } from 'vitest'

import { signSiteIdentity, siteIdentityKey, verifySiteIdentity } from '../../src/server/siteIdentity'

/** The same vector is in site/test/lib/siteIdentity.test.ts: the site signs what the CMS verifies. */
const SECRET = 'site-identity-test-secret-0123456789abcdef'
const T = 1_700_000_000
const VISITOR = 't=1700000000,a=203.0.113.7,v1=02f8005e893c2c616208f96e072eb2216ce5aeccd23a76c210007e975f33a0eb'
const SITE = 't=1700000000,a=,v1=3baaf7181d0c303b693bcaff2731232891cec2dd5f6e0de4b7cb6dab5fbd39c6'
const key = siteIdentityKey(SECRET)

describe('site identity', () => {
  it('signs the shared vector', () => {
    expect(signSiteIdentity(key, '203.0.113.7', T)).toBe(VISITOR)
    expect(signSiteIdentity(key, '', T)).toBe(SITE)
  })

  it('verifies a visitor read and a site read within the window', () => {
    expect(verifySiteIdentity(key, VISITOR, T + 60)).toEqual({ ok: true, visitorAddress: '203.0.113.7' })
    expect(verifySiteIdentity(key, SITE, T - 60)).toEqual({ ok: true })
    const v6 = signSiteIdentity(key, '2001:db8::1', T)
    expect(verifySiteIdentity(key, v6, T)).toEqual({ ok: true, visitorAddress: '2001:db8::1' })
  })

  it('refuses expired, forged, altered and malformed headers', () => {
    expect(verifySiteIdentity(key, VISITOR, T + 61)).toEqual({ ok: false, reason: 'expired' })
    expect(verifySiteIdentity(key, VISITOR, T - 61)).toEqual({ ok: false, reason: 'expired' })
    expect(verifySiteIdentity(siteIdentityKey(`${SECRET}x`), VISITOR, T)).toEqual({ ok: false, reason: 'mismatch' })
    // The raw secret is not the key: a webhook-style signature does not pass.
    expect(verifySiteIdentity(Buffer.from(SECRET), signSiteIdentity(Buffer.from(SECRET), '', T), T).ok).toBe(true)
    expect(verifySiteIdentity(key, signSiteIdentity(Buffer.from(SECRET), '', T), T)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySiteIdentity(key, VISITOR.replace('203.0.113.7', '203.0.113.8'), T)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySiteIdentity(key, undefined, T)).toEqual({ ok: false, reason: 'missing' })
    for (const bad of ['nonsense', [VISITOR, VISITOR], VISITOR.toUpperCase(), `${VISITOR},v2=ab`, 't=01,a=,v1=' + '0'.repeat(64), 'x'.repeat(300)]) {
      expect(verifySiteIdentity(key, bad, T)).toEqual({ ok: false, reason: 'malformed' })
    }
    expect(verifySiteIdentity(key, signSiteIdentity(key, 'not::an:ip:::', T), T)).toEqual({ ok: false, reason: 'malformed' })
  })
})
