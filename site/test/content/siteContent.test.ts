/**
 * The static export's reads answer like the CMS queries they replace (order, paging, null for
 * "no such page"), and its URL lists cover every page, post, category page and section.
 */
import { describe, expect, it } from 'vitest'

import { posts, services as servicesCollection } from '../../src/cms/collections/index.ts'
import { blogRoute } from '../../src/routing/blogRoute.ts'
import type { StoredDoc } from '../../src/content/cmsLoader.ts'
import { storeContent, type CollectionName, type StoreReader } from '../../src/content/siteContent.ts'
import {
  allPostSlugs,
  blogPagePaths,
  categoryPagePaths,
  categoryPaths,
  documentPaths,
  pagePaths,
} from '../../src/routing/staticPaths.ts'
import { toChrome } from '../../src/layouts/chrome.ts'
import { categories, postsPage, projects, services, siteChromeFixture } from '../helpers/site.ts'

const stored = <T extends { id: number | string }>(doc: T, publishedAt: string | null = null): StoredDoc<T> => ({
  cmsId: String(doc.id),
  updatedAt: '2026-01-01T00:00:00.000Z',
  publishedAt,
  doc,
})

function reader(overrides: Partial<Record<CollectionName, unknown[]>> = {}): StoreReader {
  const posts = postsPage().docs
  // Collections without fixtures here (a scaffolded one, say) read as empty.
  const data: Partial<Record<CollectionName, unknown[]>> = {
    // 21 posts: the recorded ones, then copies with older dates, shuffled.
    posts: [
      ...posts,
      ...Array.from({ length: 21 - posts.length }, (_, index) => ({
        ...posts[0]!,
        id: 100 + index,
        slug: `old-${index}`,
        publishedAt: `2020-01-${String(index + 1).padStart(2, '0')}T00:00:00.000Z`,
      })),
    ]
      .reverse()
      .map((doc) => stored(doc)),
    categories: categories().map((doc) => stored(doc)),
    services: [...services()].reverse().map((doc) => stored(doc)),
    projects: projects().map((doc, index) => stored(doc, `2025-0${index + 1}-01T00:00:00.000Z`)),
    demos: [],
    pages: [
      stored({ id: 1, slug: 'home', title: 'Home', layout: [], seo: null }),
      stored({ id: 2, slug: 'about', title: 'About', layout: [], seo: { noIndex: true } }),
      stored({ id: 3, slug: 'services', title: 'Services', layout: [], seo: null }),
    ],
    ...overrides,
  }
  return {
    all: async (collection) => (data[collection] ?? []) as never,
    chrome: async () => siteChromeFixture(),
  }
}

describe('storeContent', () => {
  it('pages the blog newest first, like the CMS', async () => {
    const content = storeContent(reader())
    const first = await content.listPosts({ page: 1, perPage: 9 })
    expect(first).toMatchObject({
      totalDocs: 21,
      totalPages: 3,
      page: 1,
      hasNextPage: true,
      hasPrevPage: false,
      nextPage: 2,
      prevPage: null,
    })
    const dates = first!.docs.map((post) => post.publishedAt ?? '')
    expect(dates).toEqual([...dates].sort().reverse())
    const last = await content.listPosts({ page: 3, perPage: 9 })
    expect(last?.docs).toHaveLength(3)
    expect(last?.docs.at(-1)?.slug).toBe('old-0')
    expect(await content.listPosts({ page: 4, perPage: 9 })).toBeNull()
    expect(await content.listPosts({ page: 0 })).toBeNull()
    expect(await content.listPosts({ category: '../x' })).toBeNull()
  })

  it('filters posts by category slug', async () => {
    const content = storeContent(reader())
    const slug = postsPage().docs.flatMap((post) => post.categories)[0]!.slug
    const filtered = await content.listPosts({ category: slug, perPage: 100 })
    expect(filtered!.docs.length).toBeGreaterThan(0)
    expect(filtered!.docs.every((post) => post.categories.some((category) => category.slug === slug))).toBe(true)
    expect((await content.listPosts({ category: 'no-such-category' }))?.docs).toEqual([])
  })

  it('orders services, projects and categories as the CMS queries do', async () => {
    const content = storeContent(reader())
    expect((await content.listServices()).map((service) => service.slug)).toEqual(
      services().map((service) => service.slug),
    )
    const featured = await content.listProjects({ featuredFirst: true, limit: 3 })
    expect(featured).toHaveLength(3)
    const flags = featured.map((project) => project.featured === true)
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)))
    expect((await content.listCategories()).map((category) => category.title)).toEqual(
      categories()
        .map((category) => category.title)
        .sort(),
    )
  })

  it('finds documents by slug and answers null for unknown or implausible ones', async () => {
    const content = storeContent(reader())
    expect((await content.getService(services()[0]!.slug))?.title).toBe(services()[0]!.title)
    expect(await content.getService('nope')).toBeNull()
    expect(await content.getPage('../etc/passwd')).toBeNull()
    expect((await content.listPages()).map((page) => page.slug)).toEqual(['about', 'home', 'services'])
  })

  it('answers the generic reads a new collection file uses, as the named ones do', async () => {
    const content = storeContent(reader())
    expect((await content.list(servicesCollection))?.docs).toEqual(await content.listServices())
    expect(await content.get(servicesCollection, services()[0]!.slug)).toEqual(
      await content.getService(services()[0]!.slug),
    )
    expect(await content.list(posts, { page: 9 })).toBeNull()
  })

  it('refuses to render without the chrome the loader should have stored', async () => {
    const content = storeContent({ ...reader(), chrome: async () => null })
    await expect(content.getSiteChrome()).rejects.toThrow(/no site chrome/)
  })
})

describe('static paths', () => {
  const chrome = toChrome(siteChromeFixture())
  const content = storeContent(reader())

  it('writes root pages except the front page and section names', async () => {
    expect(await pagePaths(content)).toEqual([{ params: { slug: 'about' } }])
  })

  it('lists every post, blog page and category page', async () => {
    expect(await allPostSlugs(content)).toHaveLength(21)
    expect(await blogPagePaths(content, chrome)).toEqual([{ params: { page: '2' } }, { params: { page: '3' } }])
    expect(await categoryPaths(content, chrome)).toHaveLength(categories().length)
    const deep = await categoryPagePaths(storeContent(reader()), chrome)
    expect(deep.every((path) => Number(path.params.page) >= 2)).toBe(true)
  })

  it('writes nothing for a switched-off section', async () => {
    const off = { ...chrome, features: { ...chrome.features, blog: false } }
    expect(await blogPagePaths(content, off)).toEqual([])
    expect(await categoryPaths(content, off)).toEqual([])
    expect(await documentPaths(async () => [{ slug: 'x' }], false)).toEqual([])
    expect(await documentPaths(async () => [{ slug: 'x' }])).toEqual([{ params: { slug: 'x' } }])
  })
})

describe('blogRoute', () => {
  it('maps blog URLs to listings, redirects and 404s', () => {
    expect(blogRoute({})).toEqual({ kind: 'listing', page: 1, category: null })
    expect(blogRoute({ page: '3' })).toEqual({ kind: 'listing', page: 3, category: null })
    expect(blogRoute({ page: '1' })).toEqual({ kind: 'redirect', location: '/blog' })
    expect(blogRoute({ page: '01' })).toEqual({ kind: 'not-found' })
    expect(blogRoute({ category: 'design' })).toEqual({ kind: 'listing', page: 1, category: 'design' })
    expect(blogRoute({ category: 'design', page: '1' })).toEqual({
      kind: 'redirect',
      location: '/blog/category/design',
    })
    expect(blogRoute({ category: 'a b' })).toEqual({ kind: 'not-found' })
    // The older query form.
    expect(blogRoute({ queryCategory: 'design' })).toEqual({ kind: 'redirect', location: '/blog/category/design' })
    expect(blogRoute({ page: '2', queryCategory: 'design' })).toEqual({
      kind: 'redirect',
      location: '/blog/category/design/page/2',
    })
    expect(blogRoute({ queryCategory: '<x>' })).toEqual({ kind: 'not-found' })
  })
})
