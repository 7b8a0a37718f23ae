/** Redirect rules both sides share: path normalisation, targets and the host allow-list, loops. */
import { describe, expect, it } from 'vitest'

import {
  documentPath,
  findLoops,
  hostAllowed,
  internalPathOf,
  isAllowedHostEntry,
  normalizeRedirectPath,
  parseAllowedHosts,
  parseRedirectTarget,
} from '../src/redirects'

const path = (input: unknown) => {
  const result = normalizeRedirectPath(input)
  return result.ok ? result.value : `error: ${result.message}`
}

describe('normalizeRedirectPath', () => {
  it('adds the leading slash, drops trailing and repeated slashes, resolves dot segments', () => {
    expect(path('old-page')).toBe('/old-page')
    expect(path('/old-page/')).toBe('/old-page')
    expect(path('  //blog///a//  ')).toBe('error: Give a path on this site (e.g. /old-page), without scheme or host.')
    expect(path('/blog///a//')).toBe('/blog/a')
    expect(path('/')).toBe('/')
    expect(path('/a/./b/../c')).toBe('/a/c')
  })

  it('percent-encodes like a browser, so the CMS and the site compare the same strings', () => {
    expect(path('/café au lait')).toBe('/caf%C3%A9%20au%20lait')
    expect(path('/caf%C3%A9%20au%20lait')).toBe('/caf%C3%A9%20au%20lait')
  })

  it('refuses hosts, schemes, query strings, fragments, control characters and the site’s own endpoints', () => {
    for (const input of [
      'https://example.com/a',
      '//example.com/a',
      'javascript:alert(1)',
      '/a?b=1',
      '/a#top',
      '/a\\b',
      '/a\u0000b',
      '/api/contact',
      '/_cache/invalidate',
      '/preview',
      '',
      '   ',
      42,
      `/${'a'.repeat(2001)}`,
    ]) {
      expect(normalizeRedirectPath(input).ok, String(input)).toBe(false)
    }
  })
})

describe('parseRedirectTarget', () => {
  const allowed = parseAllowedHosts('Partner.example, *.docs.example,, ')

  it('keeps a path on the site, with its query and fragment', () => {
    expect(parseRedirectTarget('new-page/?a=1#b', [])).toEqual({
      ok: true,
      value: { kind: 'internal', path: '/new-page', value: '/new-page?a=1#b' },
    })
  })

  it('allows another host only from the allow-list (exact name, or subdomains of a *. entry)', () => {
    expect(parseRedirectTarget('https://partner.example/x', allowed)).toMatchObject({
      ok: true,
      value: { kind: 'external', value: 'https://partner.example/x' },
    })
    expect(parseRedirectTarget('http://a.b.docs.example/', allowed).ok).toBe(true)
    expect(parseRedirectTarget('https://docs.example/', allowed)).toMatchObject({ ok: false, hostRefused: true })
    expect(parseRedirectTarget('https://partner.example.evil.com/', allowed)).toMatchObject({
      ok: false,
      hostRefused: true,
    })
    expect(parseRedirectTarget('https://evilpartner.example/', allowed)).toMatchObject({ ok: false, hostRefused: true })
    expect(parseRedirectTarget('https://partner.example/', [])).toMatchObject({ ok: false, hostRefused: true })
  })

  it('refuses script and other schemes, protocol-relative URLs, backslashes and credentials', () => {
    for (const input of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'ftp://partner.example/',
      '//partner.example/x',
      '/\\evil.example',
      'https://user:pass@partner.example/',
      'https://partner.example/\nx',
      '',
    ]) {
      expect(parseRedirectTarget(input, allowed).ok, input).toBe(false)
    }
  })
})

describe('hosts', () => {
  it('parses the allow-list and checks its entries', () => {
    expect(parseAllowedHosts(' A.example ,b.example,a.example')).toEqual(['a.example', 'b.example'])
    expect(parseAllowedHosts(undefined)).toEqual([])
    for (const entry of ['example.com', '*.example.com', 'localhost'])
      expect(isAllowedHostEntry(entry), entry).toBe(true)
    for (const entry of ['https://example.com', 'example.com:8443', '*example.com', 'exa mple.com', '*.'])
      expect(isAllowedHostEntry(entry), entry).toBe(false)
    expect(hostAllowed('WWW.Example.com', ['*.example.com'])).toBe(true)
  })
})

describe('documentPath', () => {
  it('follows the registry routes; the home page is /', () => {
    expect(documentPath('posts', 'hello world')).toBe('/blog/hello%20world')
    expect(documentPath('pages', 'about')).toBe('/about')
    expect(documentPath('pages', 'home')).toBe('/')
    expect(documentPath('categories', 'x')).toBeNull()
    expect(documentPath('posts', '')).toBeNull()
  })
})

describe('internalPathOf and findLoops', () => {
  it('reads the path of a stored destination', () => {
    expect(internalPathOf('/a/?x=1')).toBe('/a')
    expect(internalPathOf('https://partner.example/a')).toBeNull()
    expect(internalPathOf('//evil.example/a')).toBeNull()
    expect(internalPathOf(null)).toBeNull()
  })

  it('finds every rule on a loop, and none on a chain or a dead end', () => {
    const rules = new Map<string, string | null>([
      ['/a', '/b'],
      ['/b', '/a'],
      ['/self', '/self'],
      ['/c', '/d'],
      ['/d', '/e'],
      ['/gone', null],
      ['/into-loop', '/a'],
    ])
    expect([...findLoops(rules)].sort()).toEqual(['/a', '/b', '/into-loop', '/self'])
  })
})
