import { describe, expect, it } from 'vitest';

import { signSiteIdentity, siteIdentityKey, siteIdentitySigner } from '../../src/lib/siteIdentity.ts';

/** The same vector is in cms/test/unit/siteIdentity.test.ts: what the site signs, the CMS verifies. */
const SECRET = 'site-identity-test-secret-0123456789abcdef';
const T = 1_700_000_000;
const VISITOR = 't=1700000000,a=203.0.113.7,v1=02f8005e893c2c616208f96e072eb2216ce5aeccd23a76c210007e975f33a0eb';
const SITE = 't=1700000000,a=,v1=3baaf7181d0c303b693bcaff2731232891cec2dd5f6e0de4b7cb6dab5fbd39c6';

describe('site identity', () => {
  it('signs the shared vector', () => {
    const key = siteIdentityKey(SECRET);
    expect(signSiteIdentity(key, '203.0.113.7', T)).toBe(VISITOR);
    expect(signSiteIdentity(key, undefined, T)).toBe(SITE);
    // Anything but an IP is left out: the read is the site's own.
    expect(signSiteIdentity(key, '203.0.113.7, 10.0.0.1', T)).toBe(SITE);
  });

  it('has no signer without a secret, and a fresh timestamp per call with one', () => {
    expect(siteIdentitySigner(undefined, '203.0.113.7')).toBeUndefined();
    const sign = siteIdentitySigner(SECRET, '2001:db8::5')!;
    expect(sign()).toMatch(/^t=\d+,a=2001:db8::5,v1=[0-9a-f]{64}$/);
  });
});
