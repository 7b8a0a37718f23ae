import { describe, expect, it } from 'vitest';

import { signPreviewToken, verifyPreviewToken } from '../../src/lib/previewToken.ts';

const SECRET = 'preview-secret-for-unit-tests-0123456789';
const NOW = 1_800_000_000;
const scope = { collection: 'posts' as const, id: '42', userId: '7', expiresAt: NOW + 600 };
// Signed by the CMS (cms/test/unit/previewToken.test.ts has the same vector; `openssl dgst -sha256 -hmac` agrees).
const CMS_TOKEN = 'v1.posts.42.7.1800000600.TadSJlWo9StzWdtpsCOBEvMSnQep_ZUkK0-Pcq6oAlA';

describe('preview tokens on the site', () => {
  it('accepts what the CMS signs, and signs the same way', () => {
    expect(verifyPreviewToken(SECRET, CMS_TOKEN, NOW)).toEqual({ ok: true, scope, token: CMS_TOKEN });
    expect(signPreviewToken(SECRET, scope)).toBe(CMS_TOKEN);
  });

  it('names why a token is refused', () => {
    expect(verifyPreviewToken(SECRET, null, NOW)).toEqual({ ok: false, problem: 'MISSING' });
    expect(verifyPreviewToken(SECRET, '', NOW)).toEqual({ ok: false, problem: 'MISSING' });
    expect(verifyPreviewToken(SECRET, 'garbage', NOW)).toEqual({ ok: false, problem: 'MALFORMED' });
    expect(verifyPreviewToken(SECRET, CMS_TOKEN.replace('.posts.', '.users.'), NOW)).toEqual({ ok: false, problem: 'MALFORMED' });
    expect(verifyPreviewToken(SECRET, CMS_TOKEN.replace('.posts.', '.pages.'), NOW)).toEqual({ ok: false, problem: 'BAD_SIGNATURE' });
    expect(verifyPreviewToken(SECRET, CMS_TOKEN.replace('.42.', '.41.'), NOW)).toEqual({ ok: false, problem: 'BAD_SIGNATURE' });
    expect(verifyPreviewToken('x'.repeat(40), CMS_TOKEN, NOW)).toEqual({ ok: false, problem: 'BAD_SIGNATURE' });
    expect(verifyPreviewToken(SECRET, CMS_TOKEN, NOW + 600)).toEqual({ ok: false, problem: 'EXPIRED' });
    expect(verifyPreviewToken(SECRET, `${CMS_TOKEN}${'x'.repeat(600)}`, NOW)).toEqual({ ok: false, problem: 'MALFORMED' });
  });
});
