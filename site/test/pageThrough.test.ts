/** Paged CMS lists are read whole, however long, and a CMS that never ends its pages is an error. */
import { describe, expect, it } from 'vitest'

import { pageThrough } from '../src/cms/queries/pageThrough.ts'

/** A list of `total` numbers served `size` per page, as Payload pages them. */
function pages(total: number, size: number) {
  const asked: number[] = []
  const read = async (page: number) => {
    asked.push(page)
    const totalPages = Math.max(1, Math.ceil(total / size))
    const docs = Array.from(
      { length: Math.max(0, Math.min(size, total - (page - 1) * size)) },
      (_, i) => (page - 1) * size + i,
    )
    return { docs, totalPages, hasNextPage: page < totalPages }
  }
  return { read, asked }
}

describe('pageThrough', () => {
  it('reads past the old fixed stops (10,000 documents at 100 a page, and beyond)', async () => {
    const { read, asked } = pages(10_010, 100)
    const items = await pageThrough(read, 'posts')
    expect(items).toHaveLength(10_010)
    expect(items.at(-1)).toBe(10_009)
    expect(asked).toHaveLength(101)
  })

  it('reads one empty page for an empty list', async () => {
    const { read, asked } = pages(0, 100)
    expect(await pageThrough(read, 'posts')).toEqual([])
    expect(asked).toEqual([1])
  })

  it('keeps what it read when the source cannot answer a page', async () => {
    const { read } = pages(250, 100)
    const items = await pageThrough(async (page) => (page === 3 ? null : read(page)), 'posts')
    expect(items).toHaveLength(200)
  })

  it('fails, naming the list, when the CMS announces pages without end', async () => {
    const endless = async () => ({ docs: [1], totalPages: 3, hasNextPage: true })
    await expect(pageThrough(endless, 'manifest of posts')).rejects.toThrow(/manifest of posts: .*after page 16/)
  })
})
