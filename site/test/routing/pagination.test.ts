import { describe, expect, it } from 'vitest'

import { blogPageHref, pageLinks, parseCategoryParam, parsePageParam } from '../../src/routing/pagination.ts'

describe('blogPageHref', () => {
  it('puts page 1 at /blog and keeps the category filter', () => {
    expect(blogPageHref(1)).toBe('/blog')
    expect(blogPageHref(3)).toBe('/blog/page/3')
    expect(blogPageHref(1, 'design')).toBe('/blog/category/design')
    expect(blogPageHref(2, 'a&b')).toBe('/blog/category/a%26b/page/2')
    expect(blogPageHref(2, null)).toBe('/blog/page/2')
  })
})

describe('pageLinks', () => {
  const numbers = (links: ReturnType<typeof pageLinks>) =>
    links.map((link) => (link.kind === 'gap' ? '…' : link.current ? `[${link.page}]` : `${link.page}`)).join(' ')

  it('lists every page when there are few', () => {
    expect(numbers(pageLinks(2, 4))).toBe('1 [2] 3 4')
    expect(numbers(pageLinks(1, 1))).toBe('[1]')
  })

  it('shows first, last and neighbours, with gaps, filling single-page gaps', () => {
    expect(numbers(pageLinks(6, 12))).toBe('1 … 5 [6] 7 … 12')
    expect(numbers(pageLinks(3, 12))).toBe('1 2 [3] 4 … 12')
    expect(numbers(pageLinks(12, 12))).toBe('1 … 11 [12]')
  })

  it('answers nothing for no pages', () => {
    expect(pageLinks(1, 0)).toEqual([])
    expect(pageLinks(1, Number.NaN)).toEqual([])
  })
})

describe('URL parameters', () => {
  it('accepts plain positive page numbers only', () => {
    expect(parsePageParam('2')).toBe(2)
    expect(parsePageParam('1')).toBe(1)
    for (const bad of [undefined, '', '0', '02', '-1', '1.5', 'abc', '9999999']) expect(parsePageParam(bad)).toBeNull()
  })

  it('tells an absent category from a malformed one', () => {
    expect(parseCategoryParam(null)).toBeUndefined()
    expect(parseCategoryParam('')).toBeUndefined()
    expect(parseCategoryParam('design')).toBe('design')
    expect(parseCategoryParam('<script>')).toBeNull()
  })
})
