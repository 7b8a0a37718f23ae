/**
 * Every item of a paginated CMS list: pages 1, 2, … until the CMS answers that there is no next
 * page. Nothing is cut off at a fixed count (the static export once stopped at 10,000 posts and
 * the sitemap at 5,000 without a word); the only stop is for a CMS that keeps announcing more pages
 * well past the count its first answer gave, and that is an error, not a shorter list.
 */
import type { PageInfo } from '../schemas/paginated.ts'

export type PageRead<T> = (
  page: number,
) => Promise<(Pick<PageInfo, 'hasNextPage' | 'totalPages'> & { docs: T[] }) | null>

/** Reads every page through `read`; a null page (the source could not answer) ends the list there. */
export async function pageThrough<T>(read: PageRead<T>, what: string): Promise<T[]> {
  const items: T[] = []
  let announced = Number.POSITIVE_INFINITY
  for (let page = 1; ; page += 1) {
    const result = await read(page)
    if (!result) return items
    items.push(...result.docs)
    if (!result.hasNextPage) return items
    if (page === 1) announced = result.totalPages
    // Documents published while paging add pages; twice the announced count is far beyond that.
    if (page >= 2 * announced + 10)
      throw new Error(`${what}: the CMS still announces a next page after page ${page} of about ${announced}`)
  }
}
