import { describe, expect, it } from 'vitest'

import {
  ExplorerError,
  allowedCollections,
  buildExplorerUrl,
  clampLimit,
  displayUrl,
  formatBytes,
  pageInfo,
  prettyJson,
  retryAfterSeconds,
} from '../../src/islands/lib/explorer.ts'

const allow = ['posts', 'projects']

describe('buildExplorerUrl', () => {
  it('asks the public REST API for a page of an allowed collection at depth 0 with selected fields', () => {
    const url = new URL(buildExplorerUrl('https://cms.example.com', { collection: 'posts', limit: 3 }, allow))
    expect(url.origin + url.pathname).toBe('https://cms.example.com/api/v1/posts')
    expect(url.searchParams.get('limit')).toBe('3')
    expect(url.searchParams.get('depth')).toBe('0')
    expect(url.searchParams.get('page')).toBeNull()
    expect(url.searchParams.get('select[title]')).toBe('true')
    expect(url.searchParams.get('select[slug]')).toBe('true')
  })

  it('keeps a path prefix and drops trailing slashes', () => {
    expect(
      buildExplorerUrl('https://example.com/cms/', { collection: 'posts', limit: 1, selectFields: false }, allow),
    ).toBe('https://example.com/cms/api/v1/posts?limit=1&depth=0')
  })

  it('adds a page after the first and clamps the limit', () => {
    const url = new URL(
      buildExplorerUrl('http://127.0.0.1:3000', { collection: 'projects', limit: 500, page: 2 }, allow),
    )
    expect(url.searchParams.get('limit')).toBe('20')
    expect(url.searchParams.get('page')).toBe('2')
  })

  it('refuses collections outside the allow-list, even public ones', () => {
    expect(() => buildExplorerUrl('http://cms', { collection: 'services', limit: 1 }, allow)).toThrow(ExplorerError)
    expect(() => buildExplorerUrl('http://cms', { collection: 'users', limit: 1 }, ['users'])).toThrow(
      /not one of the collections/,
    )
    expect(() => buildExplorerUrl('http://cms', { collection: '../users', limit: 1 }, ['../users'])).toThrow(
      ExplorerError,
    )
  })

  it('refuses a CMS address that is not http(s)', () => {
    expect(() => buildExplorerUrl('javascript:alert(1)', { collection: 'posts', limit: 1 }, allow)).toThrow(/http/)
    expect(() => buildExplorerUrl('not a url', { collection: 'posts', limit: 1 }, allow)).toThrow(/valid URL/)
  })
})

describe('allowedCollections', () => {
  it('keeps only public collections, in order, once', () => {
    expect(allowedCollections(['projects', 'users', 'posts', 'projects', 42, 'inquiries', 'constructor'])).toEqual([
      'projects',
      'posts',
    ])
    expect(allowedCollections(null)).toEqual([])
  })
})

describe('helpers', () => {
  it('clamps limits', () => {
    expect(clampLimit(5)).toBe(5)
    expect(clampLimit('7')).toBe(7)
    expect(clampLimit(0)).toBe(1)
    expect(clampLimit(99)).toBe(20)
    expect(clampLimit('x')).toBe(3)
    expect(clampLimit(undefined, 4)).toBe(4)
    expect(clampLimit(2.9)).toBe(2)
  })

  it('shows brackets readably', () => {
    expect(displayUrl('http://cms/api/v1/posts?select%5Btitle%5D=true')).toBe(
      'http://cms/api/v1/posts?select[title]=true',
    )
  })

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds('120')).toBe(120)
    expect(retryAfterSeconds(new Date(61_000).toUTCString(), 1_000)).toBe(60)
    expect(retryAfterSeconds(null)).toBeNull()
    expect(retryAfterSeconds('soon')).toBeNull()
  })

  it('reads pagination from a list answer only', () => {
    expect(pageInfo({ docs: [], page: 2, totalPages: 5, totalDocs: 14 })).toEqual({
      page: 2,
      totalPages: 5,
      totalDocs: 14,
    })
    expect(pageInfo({ errors: [] })).toBeNull()
    expect(pageInfo(null)).toBeNull()
  })

  it('pretty-prints JSON, keeps other text, and cuts long answers', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(prettyJson('<html>')).toBe('<html>')
    expect(prettyJson(JSON.stringify({ a: 'x'.repeat(100) }), 20)).toMatch(
      /^\{\n {2}"a": "x+\n… \(\d+ more characters\)$/,
    )
  })

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(2048)).toBe('2.0 KB')
    expect(formatBytes(20 * 1024)).toBe('20 KB')
  })
})
