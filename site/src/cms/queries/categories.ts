/** Blog categories, alphabetical, for the category filter. */
import type { CmsClient } from '../client.ts';
import { categorySchema, type CategoryItem } from '../schemas/category.ts';
import { paginated } from '../schemas/paginated.ts';
import type { QueryOptions } from './find-by-slug.ts';
import { CATEGORY } from './selections.ts';

export const CATEGORY_QUERY = { depth: 0, select: CATEGORY };

export async function listCategories(client: CmsClient, options: QueryOptions = {}): Promise<CategoryItem[]> {
  const result = await client.get('/categories', paginated(categorySchema), {
    ...options,
    query: { sort: 'title', limit: 100, pagination: false, ...CATEGORY_QUERY },
  });
  return result.docs;
}
