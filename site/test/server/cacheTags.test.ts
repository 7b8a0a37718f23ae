import { describe, expect, it } from 'vitest'

import { collectionTag, docTag, globalTag, tagsForChanges } from '../../src/server/cacheTags.ts'

describe('cache tags', () => {
  it('follows the collection:/doc:/global: convention', () => {
    expect(collectionTag('posts')).toBe('collection:posts')
    expect(docTag('posts', 12)).toBe('doc:posts:12')
    expect(globalTag('navigation')).toBe('global:navigation')
  })

  it('turns a change list into the tags to purge, without duplicates', () => {
    expect(
      tagsForChanges([
        { kind: 'collection', slug: 'posts', id: 12, operation: 'update' },
        { kind: 'collection', slug: 'posts', id: 13, operation: 'create' },
        { kind: 'collection', slug: 'posts', id: 12, operation: 'update' },
        { kind: 'global', slug: 'footer', operation: 'update' },
        { kind: 'collection', slug: 'media', operation: 'delete' },
      ]),
    ).toEqual(['collection:posts', 'doc:posts:12', 'doc:posts:13', 'global:footer', 'collection:media'])
  })

  it('answers no tags for no changes', () => {
    expect(tagsForChanges([])).toEqual([])
  })
})
