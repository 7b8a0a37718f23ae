/** Draft-preview tokens: what they are bound to, and every way one is refused. The CMS signs, the site and the CMS verify. */
import { describe, expect, it } from 'vitest'

import { previewExpiry, signPreviewToken, verifyPreviewToken } from '../src/previewToken'

const SECRET = 'preview-secret-for-unit-tests-0123456789'
const NOW = 1_800_000_000
const scope = { collection: 'posts' as const, id: '42', userId: '7', expiresAt: NOW + 600 }
// Computed independently (`openssl dgst -sha256 -hmac`); links issued before the format moved here must still verify.
const VECTOR = 'v1.posts.42.7.1800000600.TadSJlWo9StzWdtpsCOBEvMSnQep_ZUkK0-Pcq6oAlA'

describe('preview tokens', () => {
  it('round-trips a scope and matches the known vector', () => {
    const token = signPreviewToken(SECRET, scope)
    expect(token).toBe(VECTOR)
    expect(verifyPreviewToken(SECRET, token, NOW)).toEqual({ ok: true, scope, token })
  })

  it('refuses expired, tampered, re-scoped, foreign and malformed tokens', () => {
    const token = signPreviewToken(SECRET, scope)
    expect(verifyPreviewToken(SECRET, token, NOW + 600)).toEqual({ ok: false, problem: 'EXPIRED' })
    expect(verifyPreviewToken('another-secret-of-sufficient-length-000', token, NOW)).toEqual({
      ok: false,
      problem: 'BAD_SIGNATURE',
    })
    expect(verifyPreviewToken('x'.repeat(40), token, NOW)).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
    for (const edit of [
      token.replace('.posts.', '.pages.'),
      token.replace('.42.', '.43.'),
      token.replace('.42.', '.41.'),
      token.replace('.7.', '.1.'),
      token.replace('1800000600', '1900000600'),
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    ]) {
      expect(verifyPreviewToken(SECRET, edit, NOW)).toEqual({ ok: false, problem: 'BAD_SIGNATURE' })
    }
    for (const bad of [
      'garbage',
      'v1.posts.42.7.1800000600',
      'v2.posts.42.7.1800000600.x',
      'v1.users.1.7.1800000600.x',
      token.replace('.posts.', '.users.'),
      'v1.posts.4 2.7.1800000600.x',
      'x'.repeat(600),
      `${token}${'x'.repeat(600)}`,
      42,
    ]) {
      expect(verifyPreviewToken(SECRET, bad, NOW)).toEqual({ ok: false, problem: 'MALFORMED' })
    }
  })

  it('names a missing token apart from a malformed one', () => {
    for (const absent of [undefined, null, ''])
      expect(verifyPreviewToken(SECRET, absent, NOW)).toEqual({ ok: false, problem: 'MISSING' })
  })

  it('rounds expiries up so a live preview URL stays put between autosaves', () => {
    expect(previewExpiry(NOW + 1, 1800, 300)).toBe(previewExpiry(NOW + 250, 1800, 300))
    expect(previewExpiry(NOW, 1800, 300) - NOW).toBeGreaterThanOrEqual(1800)
    expect(previewExpiry(NOW, 1800, 300) - NOW).toBeLessThan(2100)
  })

  it('signs only collections the site can show', () => {
    expect(() => signPreviewToken(SECRET, { ...scope, collection: 'users' as never })).toThrow()
  })

  it('names a global by its slug under the `globals` target, and no other global', () => {
    const globalScope = { collection: 'globals' as const, id: 'site-settings', userId: '7', expiresAt: NOW + 600 }
    const token = signPreviewToken(SECRET, globalScope)
    expect(token.startsWith('v1.globals.site-settings.7.')).toBe(true)
    expect(verifyPreviewToken(SECRET, token, NOW)).toEqual({ ok: true, scope: globalScope, token })
    expect(verifyPreviewToken(SECRET, token.replace('.site-settings.', '.navigation.'), NOW)).toEqual({
      ok: false,
      problem: 'BAD_SIGNATURE',
    })
    expect(verifyPreviewToken(SECRET, token.replace('.site-settings.', '.payload-preferences.'), NOW)).toEqual({
      ok: false,
      problem: 'MALFORMED',
    })
    expect(() => signPreviewToken(SECRET, { ...globalScope, id: 'users' })).toThrow()
  })
})
