/** The blog: a paginated, newest-first list (optionally one category) and single posts. */
import { COLLECTIONS } from '@mspn/contract';

import type { CmsClient } from '../client.ts';
import { paginated, type Paginated } from '../schemas/paginated.ts';
import { postListItemSchema, postSchema, type PostDoc, type PostListItem } from '../schemas/post.ts';
import { findBySlug, isPlausibleSlug, type QueryOptions } from './find-by-slug.ts';
import { CATEGORY_TAG, MEDIA_CARD, MEDIA_FULL, POPULATE_LINK_TARGETS, POST_CARD, POST_FULL } from './selections.ts';

export interface ListPostsParams {
  /** 1-based. */
  page?: number;
  perPage?: number;
  /** A category slug. */
  category?: string;
}

const MAX_PER_PAGE = 100;

/**
 * One page of posts. Null when the request cannot match anything (a page number past the
 * end, or malformed paging or category values from the URL), so the route can answer 404.
 */
export async function listPosts(
  client: CmsClient,
  { page = 1, perPage = 9, category }: ListPostsParams = {},
  options: QueryOptions = {},
): Promise<Paginated<PostListItem> | null> {
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return null;
  if (category !== undefined && !isPlausibleSlug(category)) return null;
  const result = await client.get('/posts', paginated(postListItemSchema), {
    ...options,
    query: {
      ...(category !== undefined ? { where: { 'categories.slug': { equals: category } } } : {}),
      // Newest first, the posts' default order in the CMS too (the registry).
      sort: COLLECTIONS.posts.defaultSort,
      limit: perPage,
      page,
      depth: 1,
      select: POST_CARD,
      populate: { media: MEDIA_CARD, categories: CATEGORY_TAG },
    },
  });
  return page > 1 && result.docs.length === 0 ? null : result;
}

/** What a post view renders; the draft preview asks for the same. Depth 1 populates the cover, the categories and images or links inside the content. */
export const POST_QUERY = { depth: 1, select: POST_FULL, populate: { ...POPULATE_LINK_TARGETS, media: MEDIA_FULL, categories: CATEGORY_TAG } };

export function getPost(client: CmsClient, slug: string, options: QueryOptions = {}): Promise<PostDoc | null> {
  return findBySlug(client, { collection: 'posts', slug, schema: postSchema, query: POST_QUERY }, options);
}
