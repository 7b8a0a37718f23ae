import { describe, expect, it } from 'vitest'

import { apiKeyDigest } from '../../../src/collections/Users/apiKeyDigest'
import { changedFieldNames } from '../../../src/audit/auditTrail'
import { normaliseEmail } from '../../../src/collections/Users/hooks/screenLogin'

describe('changed field names', () => {
  const before = {
    id: 1,
    title: 'A',
    author: 7,
    tags: ['x'],
    updatedAt: '2026-01-01',
    layout: [{ id: 'b1', blockType: 'hero', heading: 'Hi' }],
  }

  it('lists top-level fields whose value changed, ignoring bookkeeping', () => {
    const after = { ...before, title: 'B', tags: ['x', 'y'], updatedAt: '2026-02-02' }
    expect(changedFieldNames(before, after)).toEqual(['tags', 'title'])
  })

  it('treats a populated relationship as its id, but sees changes inside blocks', () => {
    const populated = { ...before, author: { id: 7, name: 'Ada', updatedAt: '2026-01-01' } }
    expect(changedFieldNames(before, populated)).toEqual([])
    const edited = { ...before, layout: [{ id: 'b1', blockType: 'hero', heading: 'Hello' }] }
    expect(changedFieldNames(before, edited)).toEqual(['layout'])
  })

  it('names password and API key changes, which never appear in documents', () => {
    expect(changedFieldNames(before, before, {}, true)).toEqual(['password'])
    expect(changedFieldNames(before, before, { apiKey: 'new' })).toEqual(['apiKey'])
    expect(changedFieldNames(undefined, { id: 2, title: 'New' })).toEqual(['title'])
  })
})

describe('sign-in keys', () => {
  it('normalise the email of a login body as Payload compares it', () => {
    // The per-account sign-in budget keys on this (hooks/limitAuthActions.ts).
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com')
    expect(normaliseEmail(42)).toBe('')
    expect(normaliseEmail(undefined)).toBe('')
    expect(normaliseEmail(['a@b.co'])).toBe('')
  })

  it('hash API keys with the secret, as Payload indexes them', () => {
    const digest = apiKeyDigest('secret-one', 'key')
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
    expect(apiKeyDigest('secret-one', 'key')).toBe(digest)
    expect(apiKeyDigest('secret-two', 'key')).not.toBe(digest)
    expect(apiKeyDigest('secret-one', 'other')).not.toBe(digest)
  })
})
