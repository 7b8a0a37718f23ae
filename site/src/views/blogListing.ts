/**
 * One page of the blog index: the posts, the categories for the filter chips, and the
 * category being filtered by. Null when the URL cannot match anything (a page past the end,
 * a malformed or unknown category), so the route answers 404.
 */
import type { CategoryItem, Cms, Paginated, PostListItem } from '../cms/index.ts'
import { parseCategoryParam } from '../routing/pagination.ts'

export const POSTS_PER_PAGE = 9

export interface BlogListing {
  posts: Paginated<PostListItem>
  categories: CategoryItem[]
  /** The category filtered by, or null for all posts. */
  category: CategoryItem | null
}

export async function loadBlogListing(
  source: Pick<Cms, 'listPosts' | 'listCategories'>,
  page: number,
  categoryParam: string | null,
): Promise<BlogListing | null> {
  const slug = parseCategoryParam(categoryParam)
  if (slug === null) return null
  const [posts, categories] = await Promise.all([
    source.listPosts({ page, perPage: POSTS_PER_PAGE, ...(slug !== undefined ? { category: slug } : {}) }),
    source.listCategories(),
  ])
  if (posts === null) return null
  if (slug === undefined) return { posts, categories, category: null }
  const category = categories.find((item) => item.slug === slug)
  return category ? { posts, categories, category } : null
}
