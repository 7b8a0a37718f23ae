import { describe, expect, it } from 'vitest'

import { CmsNetworkError, type SiteChrome } from '../../src/cms/index.ts'
import { createChromeLoader, FALLBACK_CHROME, navLinks, toChrome } from '../../src/layouts/chrome.ts'
import { siteChromeFixture } from '../helpers/site.ts'

describe('toChrome', () => {
  it('takes name, tagline, socials and links from the CMS globals', () => {
    const chrome = toChrome(siteChromeFixture())
    expect(chrome.available).toBe(true)
    expect(chrome.siteName).toBe('MSPN DEV')
    expect(chrome.navigation.map((item) => item.href)).toEqual([
      '/services',
      '/projects',
      '/blog',
      '/demos',
      '/about',
      '/contact',
    ])
    expect(chrome.footer.columns.map((column) => column.heading)).toEqual(['Studio', 'Read'])
    expect(chrome.socials.map((social) => social.platform)).toEqual(['github', 'linkedin'])
    expect(chrome.footer.note).toContain('MSPN DEV')
  })

  it('hides links into switched-off sections, and columns left empty', () => {
    const source = siteChromeFixture()
    source.settings.features = { blog: false, portfolio: false, demos: true, contactForm: true }
    source.footer.columns.push({
      heading: 'Writing',
      links: [{ link: { type: 'custom', url: '/blog', label: 'Blog' } }],
    })
    const chrome = toChrome(source)
    expect(chrome.navigation.map((item) => item.label)).toEqual(['Services', 'Demos', 'About', 'Contact'])
    // "Read" (blog, work, RSS) and "Writing" (blog) have nothing left to show.
    expect(chrome.footer.columns.map((column) => column.heading)).toEqual(['Studio'])
  })

  it('drops unsafe social links and missing optional text', () => {
    const source = siteChromeFixture()
    source.settings.socials.push({ platform: 'x', url: 'javascript:alert(1)' })
    source.settings.tagline = null
    source.settings.contactEmail = undefined
    source.footer.note = null
    const chrome = toChrome(source)
    expect(chrome.socials).toHaveLength(2)
    expect(chrome.tagline).toBeNull()
    expect(chrome.contactEmail).toBeNull()
    expect(chrome.footer.note).toBeNull()
  })
})

describe('navLinks', () => {
  it('skips links without a target or label and keeps the new-tab flag', () => {
    const links = navLinks(
      [
        { link: { type: 'custom', url: 'javascript:x', label: 'Bad' } },
        { link: { type: 'custom', url: '/a', label: '   ' } },
        { link: { type: 'reference', label: 'Unpopulated', reference: { relationTo: 'pages', value: 3 } } },
        { link: { type: 'custom', url: 'https://x.test', label: 'Out', newTab: true } },
      ],
      FALLBACK_CHROME.features,
    )
    expect(links).toEqual([{ label: 'Out', href: 'https://x.test', newTab: true }])
  })
})

describe('createChromeLoader', () => {
  it('asks once per key and shares the answer', async () => {
    let calls = 0
    const load = createChromeLoader(async () => {
      calls += 1
      return siteChromeFixture()
    })
    const request = {}
    const [a, b] = await Promise.all([load(request), load(request)])
    expect(a).toBe(b)
    expect(a.siteName).toBe('MSPN DEV')
    await load({})
    expect(calls).toBe(2)
  })

  it('never throws: a failing CMS gives the fallback chrome', async () => {
    const load = createChromeLoader(async (): Promise<SiteChrome> => {
      throw new CmsNetworkError('refused', { requestId: 'r1' })
    })
    const chrome = await load({})
    expect(chrome).toBe(FALLBACK_CHROME)
    expect(chrome.available).toBe(false)
    expect(chrome.siteName).toBe('MSPN DEV')
    expect(chrome.navigation.length).toBeGreaterThan(0)
  })
})
