import { describe, expect, it } from 'vitest'

import type { LinkValue } from '../../src/cms/index.ts'
import {
  ariaCurrent,
  documentPath,
  linkAttributes,
  linkHref,
  normalizePath,
  richTextLink,
} from '../../src/routing/hrefs.ts'

const custom = (url: string | null, extra: Partial<LinkValue> = {}): LinkValue => ({
  type: 'custom',
  url,
  label: 'Go',
  ...extra,
})
type Target = NonNullable<LinkValue['reference']>
const reference = (
  relationTo: Target['relationTo'],
  value: Target['value'] | { id: number; slug: null },
): LinkValue => ({
  type: 'reference',
  label: 'Go',
  reference: { relationTo, value },
})

describe('documentPath', () => {
  it('routes each collection under its section, pages at the root and home at /', () => {
    expect(documentPath('pages', 'about')).toBe('/about')
    expect(documentPath('pages', 'home')).toBe('/')
    expect(documentPath('posts', 'hello')).toBe('/blog/hello')
    expect(documentPath('services', 'web')).toBe('/services/web')
    expect(documentPath('projects', 'ledgerly')).toBe('/projects/ledgerly')
    expect(documentPath('demos', 'chart')).toBe('/demos/chart')
  })

  it('answers null for unrouted collections and empty slugs, and encodes odd slugs', () => {
    expect(documentPath('media', 'x')).toBeNull()
    expect(documentPath('posts', '')).toBeNull()
    expect(documentPath('posts', 'a b/c')).toBe('/blog/a%20b%2Fc')
  })
})

describe('richTextLink', () => {
  it('uses the populated document slug', () => {
    expect(richTextLink('posts', { id: 1, slug: 'hello' })).toBe('/blog/hello')
  })

  it('gives up on bare IDs and documents without a string slug', () => {
    expect(richTextLink('posts', 7)).toBeNull()
    expect(richTextLink('posts', null)).toBeNull()
    expect(richTextLink('posts', { id: 1 })).toBeNull()
    expect(richTextLink('posts', { slug: 3 })).toBeNull()
  })
})

describe('linkHref', () => {
  it('builds paths for populated references', () => {
    expect(linkHref(reference('pages', { id: 1, slug: 'about' }))).toBe('/about')
    expect(linkHref(reference('posts', { id: 1, slug: 'hi' }))).toBe('/blog/hi')
    expect(linkHref({ label: 'x', reference: { relationTo: 'services', value: { id: 2, slug: 'web' } } })).toBe(
      '/services/web',
    )
  })

  it('drops references that were not populated', () => {
    expect(linkHref(reference('pages', 4))).toBeNull()
    expect(linkHref(reference('pages', { id: 4, slug: null }))).toBeNull()
    expect(linkHref({ type: 'reference', label: 'x', reference: null })).toBeNull()
  })

  it('keeps safe custom URLs and in-page anchors, drops the rest', () => {
    expect(linkHref(custom('/services'))).toBe('/services')
    expect(linkHref(custom('https://example.com/a?b=1'))).toBe('https://example.com/a?b=1')
    expect(linkHref(custom('mailto:hello@mspn.dev'))).toBe('mailto:hello@mspn.dev')
    expect(linkHref(custom('#contact-form'))).toBe('#contact-form')
    expect(linkHref(custom('javascript:alert(1)'))).toBeNull()
    expect(linkHref(custom('//evil.example'))).toBeNull()
    expect(linkHref(custom(null))).toBeNull()
    expect(linkHref(custom(''))).toBeNull()
  })
})

describe('linkAttributes', () => {
  it('adds target and rel for new-tab links only', () => {
    expect(linkAttributes(custom('/a'))).toEqual({ href: '/a' })
    expect(linkAttributes(custom('https://x.test', { newTab: true }))).toEqual({
      href: 'https://x.test',
      target: '_blank',
      rel: 'noopener noreferrer',
    })
    expect(linkAttributes(custom('javascript:x'))).toBeNull()
  })
})

describe('ariaCurrent', () => {
  it('marks the page itself, ignoring a trailing slash and query', () => {
    expect(ariaCurrent('/blog', '/blog')).toBe('page')
    expect(ariaCurrent('/blog', '/blog/')).toBe('page')
    expect(ariaCurrent('/blog?x=1', '/blog')).toBe('page')
    expect(ariaCurrent('/', '/')).toBe('page')
  })

  it('marks a section link while inside the section, but not the home link', () => {
    expect(ariaCurrent('/blog', '/blog/some-post')).toBe('true')
    expect(ariaCurrent('/', '/blog')).toBeUndefined()
    expect(ariaCurrent('/blog', '/blogroll')).toBeUndefined()
  })

  it('never marks external links', () => {
    expect(ariaCurrent('https://x.test/blog', '/blog')).toBeUndefined()
    expect(ariaCurrent('//x.test/blog', '/blog')).toBeUndefined()
  })

  it('normalizes paths', () => {
    expect(normalizePath('')).toBe('/')
    expect(normalizePath('/a//')).toBe('/a')
    expect(normalizePath('/a#b')).toBe('/a')
  })
})
