import { describe, expect, it } from 'vitest'

import type { ListPostsParams } from '../../src/cms/index.ts'
import { loadBlogListing, POSTS_PER_PAGE } from '../../src/views/blogListing.ts'
import { CMS_PUBLIC_URL } from '../../src/components/publicCms.ts'
import { categories, postsByCategory, postsPage } from '../helpers/site.ts'

function source(answer: 'posts' | 'none' = 'posts') {
  const calls: ListPostsParams[] = []
  return {
    calls,
    listCategories: async () => categories(),
    listPosts: async (params: ListPostsParams = {}) => {
      calls.push(params)
      if (answer === 'none') return null
      return params.category ? postsByCategory() : postsPage()
    },
  }
}

describe('loadBlogListing', () => {
  it('loads a page of all posts with the categories', async () => {
    const cms = source()
    const listing = await loadBlogListing(cms, 2, null)
    expect(cms.calls).toEqual([{ page: 2, perPage: POSTS_PER_PAGE }])
    expect(listing?.category).toBeNull()
    expect(listing?.categories.map((category) => category.slug)).toEqual([
      'company',
      'design',
      'engineering',
      'product',
    ])
    expect(listing?.posts.docs.length).toBeGreaterThan(0)
  })

  it('filters by a known category', async () => {
    const cms = source()
    const listing = await loadBlogListing(cms, 1, 'design')
    expect(cms.calls).toEqual([{ page: 1, perPage: POSTS_PER_PAGE, category: 'design' }])
    expect(listing?.category?.slug).toBe('design')
  })

  it('is null for unknown or malformed categories and pages past the end', async () => {
    expect(await loadBlogListing(source(), 1, 'gardening')).toBeNull()
    const cms = source()
    expect(await loadBlogListing(cms, 1, '"><script>')).toBeNull()
    expect(cms.calls).toEqual([])
    expect(await loadBlogListing(source('none'), 9, null)).toBeNull()
  })
})

describe('CMS_PUBLIC_URL', () => {
  it('is the CMS origin without a trailing slash', () => {
    expect(CMS_PUBLIC_URL).toMatch(/^https?:\/\/[^/]+(\/.*[^/])?$/)
  })
})
