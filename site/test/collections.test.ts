/**
 * The collection files' shared machinery: the list request each builds (order from the
 * registry, paging and filters checked before anything is asked), the select derived from the
 * schema, and `evaluateList`, the static store's stand-in for the CMS's own list answer.
 */
import { COLLECTIONS } from '@mspn/contract'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'

import {
  defineCollection,
  evaluateList,
  listQuery,
  pages,
  posts,
  projects,
  selectOf,
  services,
} from '../src/cms/collections/index.ts'

describe('collection list specs', () => {
  it('take the default order from the registry, with the file adding only a tie-break', () => {
    expect(services.list()?.sort).toBe(`${COLLECTIONS.services.defaultSort},title`)
    expect(posts.list()?.sort).toBe(COLLECTIONS.posts.defaultSort)
    expect(projects.list({ featuredFirst: true })?.sort).toBe(
      `-featured,${COLLECTIONS.projects.defaultSort},-publishedAt`,
    )
    expect(pages.list()).toEqual({ sort: 'slug', limit: 1000 })
  })

  it('refuse paging and filter values no page can have', () => {
    expect(posts.list({ page: 0 })).toBeNull()
    expect(posts.list({ perPage: 101 })).toBeNull()
    expect(posts.list({ category: '../x' })).toBeNull()
    expect(posts.list({ page: 2, category: 'design' })).toEqual({
      sort: '-publishedAt',
      limit: 9,
      page: 2,
      where: { 'categories.slug': { equals: 'design' } },
    })
    expect(projects.list({ limit: 0 })?.limit).toBe(1)
  })

  it('become CMS query parameters, unpaginated unless a page is asked for', () => {
    expect(listQuery({ sort: 'title', limit: 100 })).toEqual({ sort: 'title', limit: 100, pagination: false })
    expect(listQuery({ sort: '-publishedAt', limit: 9, page: 3 })).toEqual({ sort: '-publishedAt', limit: 9, page: 3 })
  })

  it('do not compile when they restate a sort the registry holds', () => {
    const schema = z.object({ id: z.number(), title: z.string() })
    const restated = defineCollection('services', {
      card: { schema, depth: 0 },
      doc: { schema, depth: 0 },
      embeds: [],
      // @ts-expect-error -- services has a registry defaultSort: a file may only add `thenBy`.
      sort: 'order',
    })
    expect(restated.list()?.sort).toBe('order')
  })
})

describe('selectOf', () => {
  it('selects every field of the schema but the ID, in order, with groups narrowed', () => {
    const schema = z.object({ id: z.number(), title: z.string(), seo: z.object({ title: z.string() }).nullish() })
    expect(selectOf({ schema, depth: 0, groups: { seo: { title: true } } })).toEqual({
      title: true,
      seo: { title: true },
    })
    expect(Object.keys(selectOf(services.card))).toEqual(['title', 'slug', 'summary', 'icon', 'order'])
  })
})

describe('evaluateList', () => {
  const docs = [
    { slug: 'a', order: 2, title: 'Beta', featured: true, tags: [{ slug: 'x' }] },
    { slug: 'b', order: null, title: 'Alpha', featured: null, tags: [] },
    { slug: 'c', order: 1, title: 'Gamma', featured: false, tags: [{ slug: 'y' }, { slug: 'x' }] },
    { slug: 'd', order: 2, title: 'Alpha', tags: [{ slug: 'y' }] },
  ]
  const slugs = (result: { docs: Array<{ slug: string }> }) => result.docs.map((doc) => doc.slug)

  it('sorts by each key in turn, unset values last in either direction', () => {
    expect(slugs(evaluateList(docs, { sort: 'order,title', limit: 10 }))).toEqual(['c', 'd', 'a', 'b'])
    expect(slugs(evaluateList(docs, { sort: '-order,title', limit: 10 }))).toEqual(['d', 'a', 'c', 'b'])
    // An unset flag counts as false, so it ties with false and the next key decides.
    expect(slugs(evaluateList(docs, { sort: '-featured,title', limit: 10 }))).toEqual(['a', 'b', 'd', 'c'])
  })

  it('filters on a dotted path through arrays', () => {
    expect(slugs(evaluateList(docs, { sort: 'slug', limit: 10, where: { 'tags.slug': { equals: 'x' } } }))).toEqual([
      'a',
      'c',
    ])
    expect(evaluateList(docs, { sort: 'slug', limit: 10, where: { 'tags.slug': { equals: 'none' } } }).docs).toEqual([])
  })

  it('pages like the CMS', () => {
    const second = evaluateList(docs, { sort: 'slug', limit: 3, page: 2 })
    expect(slugs(second)).toEqual(['d'])
    expect(second).toMatchObject({
      totalDocs: 4,
      totalPages: 2,
      page: 2,
      hasPrevPage: true,
      hasNextPage: false,
      prevPage: 1,
      nextPage: null,
      pagingCounter: 4,
    })
    expect(evaluateList(docs, { sort: 'slug', limit: 2 })).toMatchObject({
      page: 1,
      totalPages: 2,
      hasNextPage: true,
      nextPage: 2,
    })
  })
})
