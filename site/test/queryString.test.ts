import { describe, expect, it } from 'vitest'

import { toQueryString } from '../src/cms/queryString.ts'

describe('toQueryString', () => {
  it('writes nested where/select/populate in bracket syntax', () => {
    expect(
      toQueryString({
        where: { slug: { equals: 'hello-world' } },
        select: { title: true, seo: { title: true } },
        populate: { media: { url: true } },
        depth: 1,
      }),
    ).toBe(
      'where[slug][equals]=hello-world&select[title]=true&select[seo][title]=true&populate[media][url]=true&depth=1',
    )
  })

  it('indexes arrays, as qs reads them back', () => {
    expect(toQueryString({ where: { or: [{ slug: { equals: 'a' } }, { id: { in: [1, 2] } }] } })).toBe(
      'where[or][0][slug][equals]=a&where[or][1][id][in][0]=1&where[or][1][id][in][1]=2',
    )
  })

  it('percent-encodes keys and values but keeps brackets readable', () => {
    expect(toQueryString({ sort: '-publishedAt,title', where: { 'categories.slug': { equals: 'a b&c=d' } } })).toBe(
      'sort=-publishedAt%2Ctitle&where[categories.slug][equals]=a%20b%26c%3Dd',
    )
  })

  it('leaves out null and undefined, keeps false and 0, writes dates as ISO', () => {
    expect(
      toQueryString({
        draft: false,
        page: 0,
        category: undefined,
        q: null,
        since: new Date('2026-01-02T03:04:05.000Z'),
      }),
    ).toBe('draft=false&page=0&since=2026-01-02T03%3A04%3A05.000Z')
  })

  it('is empty for no parameters', () => {
    expect(toQueryString({})).toBe('')
  })
})
