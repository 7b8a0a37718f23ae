import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'

import { signSiteIdentity, siteIdentityKey, siteIdentitySigner, verifySiteIdentity } from '../src/siteIdentity'

const SECRET = 'site-identity-test-secret-0123456789abcdef'
const T = 1_700_000_000
/** Computed independently: k=$(printf '%s' 'mspn site-identity v1' | openssl dgst -sha256 -hmac "$SECRET" -r), then printf '%s' '1700000000.203.0.113.7' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$k */
const VISITOR = 't=1700000000,a=203.0.113.7,v1=02f8005e893c2c616208f96e072eb2216ce5aeccd23a76c210007e975f33a0eb'
const SITE = 't=1700000000,a=,v1=3baaf7181d0c303b693bcaff2731232891cec2dd5f6e0de4b7cb6dab5fbd39c6'
const key = siteIdentityKey(SECRET)

describe('site identity', () => {
  it('signs the known vector; anything but an IP is left out', () => {
    expect(signSiteIdentity(key, '203.0.113.7', T)).toBe(VISITOR)
    expect(signSiteIdentity(key, undefined, T)).toBe(SITE)
    expect(signSiteIdentity(key, '', T)).toBe(SITE)
    expect(signSiteIdentity(key, '203.0.113.7, 10.0.0.1', T)).toBe(SITE)
  })

  it('has no signer without a secret, and a fresh, verifiable header per call with one', () => {
    expect(siteIdentitySigner(undefined, '203.0.113.7')).toBeUndefined()
    const sign = siteIdentitySigner(SECRET, '2001:db8::5')!
    const header = sign()
    expect(header).toMatch(/^t=\d+,a=2001:db8::5,v1=[0-9a-f]{64}$/)
    expect(verifySiteIdentity(key, header)).toEqual({ ok: true, visitorAddress: '2001:db8::5' })
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
    // The raw secret is not the key: a header signed with it does not pass.
    expect(verifySiteIdentity(key, signSiteIdentity(Buffer.from(SECRET), '', T), T)).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(verifySiteIdentity(key, VISITOR.replace('203.0.113.7', '203.0.113.8'), T)).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(verifySiteIdentity(key, undefined, T)).toEqual({ ok: false, reason: 'missing' })
    for (const bad of [
      'nonsense',
      [VISITOR, VISITOR],
      VISITOR.toUpperCase(),
      `${VISITOR},v2=ab`,
      't=01,a=,v1=' + '0'.repeat(64),
      'x'.repeat(300),
    ]) {
      expect(verifySiteIdentity(key, bad, T)).toEqual({ ok: false, reason: 'malformed' })
    }
    const unsignable = `t=${T},a=1:2:3:4:5:6:7:8:9,v1=${'0'.repeat(64)}`
    expect(verifySiteIdentity(key, unsignable, T)).toEqual({ ok: false, reason: 'malformed' })
  })
})
