import { describe, expect, it } from 'vitest'

import * as CACHE_POLICIES from '../../src/layouts/cachePolicy.ts'
import { canonicalUrl, pageMeta } from '../../src/layouts/seo.ts'
import { siteChromeFixture } from '../helpers/site.ts'

const defaults = siteChromeFixture().settings.defaultSeo
const url = new URL('https://mspn.test/blog/hello?utm_source=x&category=design')
const cover = { ...defaults!.image!, alt: 'Cover', sizes: null, url: 'https://cms.test/cover.png' }

describe('pageMeta', () => {
  it('falls back to the site defaults', () => {
    const meta = pageMeta({ siteName: 'MSPN DEV', defaults, url })
    expect(meta.title).toBe('MSPN DEV')
    expect(meta.description).toBe('Software studio: web, mobile, cloud and content platforms.')
    expect(meta.image?.url).toMatch(/hero-1200x675\.webp$/)
    expect(meta.noIndex).toBe(false)
    expect(meta.type).toBe('website')
    expect(meta.canonical).toBe('https://mspn.test/blog/hello')
  })

  it('titles documents "Title | Site" and prefers their own fields', () => {
    const meta = pageMeta({
      siteName: 'MSPN DEV',
      defaults,
      url,
      title: 'Hello',
      description: 'Excerpt',
      image: cover,
      type: 'article',
    })
    expect(meta).toMatchObject({ title: 'Hello | MSPN DEV', description: 'Excerpt', type: 'article' })
    expect(meta.image?.url).toBe('https://cms.test/cover.png')
  })

  it('lets the SEO group override everything', () => {
    const meta = pageMeta({
      siteName: 'MSPN DEV',
      defaults,
      url,
      title: 'Hello',
      description: 'Excerpt',
      image: cover,
      seo: {
        title: 'Custom',
        description: 'Custom description',
        image: { ...cover, url: 'https://cms.test/seo.png' },
        noIndex: true,
      },
    })
    expect(meta).toMatchObject({ title: 'Custom', description: 'Custom description', noIndex: true })
    expect(meta.image?.url).toBe('https://cms.test/seo.png')
  })

  it('copes with no defaults at all, blank strings and forced noindex', () => {
    const meta = pageMeta({
      siteName: 'MSPN DEV',
      defaults: null,
      url,
      title: 'MSPN DEV',
      seo: { title: '  ', description: '' },
      noIndex: true,
    })
    expect(meta).toMatchObject({ title: 'MSPN DEV', description: null, image: null, noIndex: true })
  })

  it('honours a site-wide noindex', () => {
    expect(pageMeta({ siteName: 'S', defaults: { ...defaults, noIndex: true }, url }).noIndex).toBe(true)
  })
})

describe('canonicalUrl', () => {
  it('drops the query except parameters that make a distinct page', () => {
    expect(canonicalUrl(url)).toBe('https://mspn.test/blog/hello')
    expect(canonicalUrl(url, ['category'])).toBe('https://mspn.test/blog/hello?category=design')
    expect(canonicalUrl(new URL('https://mspn.test/blog?category='), ['category'])).toBe('https://mspn.test/blog')
    expect(canonicalUrl(new URL('https://mspn.test//evil.test/x'))).toBe('https://mspn.test//evil.test/x')
  })
})

describe('cache policies', () => {
  it('let shared caches keep public pages briefly and never keep errors', () => {
    expect(CACHE_POLICIES.PUBLIC_PAGE).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=300')
    expect(CACHE_POLICIES.NO_STORE).toBe('no-store')
    expect(CACHE_POLICIES.NOT_FOUND).toMatch(/s-maxage=\d+/)
    expect(CACHE_POLICIES.REDIRECT).toMatch(/^public/)
  })
})
