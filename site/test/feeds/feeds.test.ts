import { describe, expect, it } from 'vitest'

import type { Cms } from '../../src/cms/index.ts'
import { blogFeed, buildRss } from '../../src/feeds/rss.ts'
import { buildSitemap, collectSitemap, type SitemapSource } from '../../src/feeds/sitemap.ts'
import { escapeXml } from '../../src/feeds/xml.ts'
import { toChrome } from '../../src/layouts/chrome.ts'
import { categories, demos, postsPage, projects, services, siteChromeFixture } from '../helpers/site.ts'

describe('escapeXml', () => {
  it('escapes markup characters and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;')
    expect(escapeXml('a\u0000b\u001fc\ufffed')).toBe('abcd')
    expect(escapeXml('tab\tnew\nline')).toBe('tab\tnew\nline')
    expect(escapeXml('😀 \ud800 x')).toBe('😀  x')
  })
})

describe('buildRss', () => {
  it('writes an RSS 2.0 channel with escaped values and RFC 822 dates', () => {
    const xml = buildRss({
      title: 'A & B',
      description: 'Notes <on> things',
      link: 'https://site.test/blog',
      feedUrl: 'https://site.test/rss.xml',
      items: [
        {
          title: 'Fish & <chips>',
          link: 'https://site.test/blog/fish?x=1&y=2',
          description: '"Quoted"',
          pubDate: new Date('2026-03-12T09:00:00Z'),
          author: 'Ana & Bo',
          categories: ['Design', 'R&D'],
        },
        { title: 'Older', link: 'https://site.test/blog/older', pubDate: new Date('2025-01-01T00:00:00Z') },
        { title: 'Undated', link: 'https://site.test/blog/undated', pubDate: null, description: null },
      ],
    })
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true)
    expect(xml).toContain('<title>A &amp; B</title>')
    expect(xml).toContain('<description>Notes &lt;on&gt; things</description>')
    expect(xml).toContain('<atom:link href="https://site.test/rss.xml" rel="self" type="application/rss+xml"/>')
    expect(xml).toContain('<lastBuildDate>Thu, 12 Mar 2026 09:00:00 GMT</lastBuildDate>')
    expect(xml).toContain('<title>Fish &amp; &lt;chips&gt;</title>')
    expect(xml).toContain('<link>https://site.test/blog/fish?x=1&amp;y=2</link>')
    expect(xml).toContain('<guid isPermaLink="true">https://site.test/blog/fish?x=1&amp;y=2</guid>')
    expect(xml).toContain('<pubDate>Thu, 12 Mar 2026 09:00:00 GMT</pubDate>')
    expect(xml).toContain('<dc:creator>Ana &amp; Bo</dc:creator>')
    expect(xml).toContain('<category>R&amp;D</category>')
    expect(xml.match(/<item>/g)).toHaveLength(3)
    expect(xml).not.toMatch(/<item><title>Undated.*<pubDate>/)
  })

  it('leaves out lastBuildDate when no item is dated', () => {
    const xml = buildRss({
      title: 't',
      description: 'd',
      link: 'https://s.test/',
      feedUrl: 'https://s.test/rss.xml',
      items: [],
    })
    expect(xml).not.toContain('lastBuildDate')
    expect(xml).not.toContain('<item>')
  })
})

describe('blogFeed', () => {
  const chrome = toChrome(siteChromeFixture())

  it('lists the newest posts with absolute links', async () => {
    const calls: unknown[] = []
    const source = {
      listPosts: async (params?: unknown) => {
        calls.push(params)
        return postsPage()
      },
    } as Pick<Cms, 'listPosts'>
    const xml = await blogFeed(source, chrome, 'https://mspn.test')
    expect(calls).toEqual([{ page: 1, perPage: 20 }])
    expect(xml).toContain('<title>MSPN DEV blog</title>')
    expect(xml).toContain('<link>https://mspn.test/blog</link>')
    expect(xml).toContain(`<link>https://mspn.test/blog/${postsPage().docs[0]!.slug}</link>`)
    expect(xml.match(/<item>/g)).toHaveLength(postsPage().docs.length)
  })

  it('is an empty channel when there are no posts', async () => {
    const xml = await blogFeed({ listPosts: async () => null }, { ...chrome, tagline: null }, 'https://mspn.test')
    expect(xml).not.toContain('<item>')
    expect(xml).toContain('<description>Software studio')
  })
})

describe('buildSitemap', () => {
  it('writes each URL once, escaped, with lastmod when known', () => {
    const xml = buildSitemap([
      { loc: 'https://s.test/' },
      { loc: 'https://s.test/a?b=1&c=2', lastmod: '2026-01-01' },
      { loc: 'https://s.test/' },
    ])
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    expect(xml.match(/<url>/g)).toHaveLength(2)
    expect(xml).toContain('<url><loc>https://s.test/a?b=1&amp;c=2</loc><lastmod>2026-01-01</lastmod></url>')
  })
})

describe('collectSitemap', () => {
  const source = (pages: number) => {
    const requested: number[] = []
    const listed: string[] = []
    return {
      requested,
      listed,
      listPages: async () => [
        { id: 1, slug: 'home', updatedAt: null, seo: null },
        { id: 2, slug: 'about', updatedAt: null, seo: null },
        { id: 3, slug: 'contact', updatedAt: null, seo: { noIndex: false } },
        { id: 4, slug: 'nobody-links-here', updatedAt: null, seo: null },
        { id: 5, slug: 'thank-you', updatedAt: null, seo: { noIndex: true } },
      ],
      listCategories: async () => categories(),
      // A fake of the generic read: the section's fixture documents as one page.
      list: (async (collection: { slug: string }) => {
        listed.push(collection.slug)
        const docs = { services: services(), projects: projects(), demos: demos() }[collection.slug]
        return docs ? { ...postsPage(), docs } : null
      }) as SitemapSource['list'],
      listPosts: async (params?: { page?: number }) => {
        const page = params?.page ?? 1
        requested.push(page)
        return { ...postsPage(), page, hasNextPage: page < pages }
      },
    }
  }

  it('lists the front page, sections, every indexable CMS page, categories and every document', async () => {
    const cms = source(2)
    const entries = await collectSitemap(cms, toChrome(siteChromeFixture()), 'https://mspn.test')
    const locs = entries.map((entry) => entry.loc)
    expect(locs.slice(0, 5)).toEqual([
      'https://mspn.test/',
      'https://mspn.test/blog',
      'https://mspn.test/services',
      'https://mspn.test/projects',
      'https://mspn.test/demos',
    ])
    expect(cms.listed).toEqual(['services', 'projects', 'demos'])
    expect(locs).toContain('https://mspn.test/about')
    expect(locs).toContain('https://mspn.test/contact')
    expect(locs).toContain('https://mspn.test/nobody-links-here')
    expect(locs).not.toContain('https://mspn.test/thank-you')
    expect(locs).not.toContain('https://mspn.test/home')
    expect(locs).toContain(`https://mspn.test/blog/category/${categories()[0]!.slug}`)
    expect(locs).not.toContain('https://mspn.test/rss.xml')
    expect(locs).toContain(`https://mspn.test/services/${services()[0]!.slug}`)
    expect(locs).toContain(`https://mspn.test/projects/${projects()[0]!.slug}`)
    expect(locs).toContain(`https://mspn.test/demos/${demos()[0]!.slug}`)
    expect(locs).toContain(`https://mspn.test/blog/${postsPage().docs[0]!.slug}`)
    expect(cms.requested).toEqual([1, 2])
  })

  it('leaves out switched-off sections without asking for them', async () => {
    const cms = source(1)
    const chrome = toChrome(siteChromeFixture())
    const off = { ...chrome, features: { blog: false, portfolio: false, demos: false, contactForm: true } }
    const locs = (await collectSitemap(cms, off, 'https://mspn.test')).map((entry) => entry.loc)
    expect(cms.requested).toEqual([])
    expect(cms.listed).toEqual(['services'])
    expect(locs.some((loc) => /\/(blog|projects|demos)/.test(loc))).toBe(false)
    expect(locs).toContain('https://mspn.test/services')
  })

  it('stops when the post list ends', async () => {
    const cms = { ...source(1), listPosts: async () => null }
    const locs = (await collectSitemap(cms, toChrome(siteChromeFixture()), 'https://mspn.test')).map(
      (entry) => entry.loc,
    )
    expect(locs.some((loc) => loc.includes('/blog/') && !loc.includes('/blog/category/'))).toBe(false)
  })
})
