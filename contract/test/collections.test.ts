/** The registry's derived lists; the CMS checks the registry against its config (cms/test/unit/registry.test.ts). */
import { describe, expect, it } from 'vitest'

import {
  BLOCK_EMBEDS,
  COLLECTION_ROUTES,
  isPreviewableCollection,
  PREVIEWABLE_COLLECTIONS,
  PUBLIC_COLLECTIONS,
  ROUTED_COLLECTIONS,
} from '../src/collections'

describe('the collection registry', () => {
  it('derives the lists both sides use', () => {
    expect(PUBLIC_COLLECTIONS).toEqual([
      'pages',
      'posts',
      'services',
      'projects',
      'demos',
      'testimonials',
      'categories',
      'media',
      'redirects',
    ])
    expect(PREVIEWABLE_COLLECTIONS).toEqual(['pages', 'posts', 'services', 'projects', 'demos'])
    expect(ROUTED_COLLECTIONS).toEqual(['pages', 'posts', 'services', 'projects', 'demos'])
    expect(COLLECTION_ROUTES).toEqual({
      pages: '',
      posts: '/blog',
      services: '/services',
      projects: '/projects',
      demos: '/demos',
    })
    expect(BLOCK_EMBEDS).toEqual(['services', 'projects', 'demos', 'testimonials', 'media'])
  })

  it('keeps previews and routes to public collections', () => {
    for (const slug of [...PREVIEWABLE_COLLECTIONS, ...ROUTED_COLLECTIONS]) expect(PUBLIC_COLLECTIONS).toContain(slug)
    expect(isPreviewableCollection('users')).toBe(false)
    expect(isPreviewableCollection('posts')).toBe(true)
  })
})
