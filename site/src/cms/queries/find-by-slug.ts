/**
 * Most detail pages look a document up by its slug: a list query with `where[slug][equals]`
 * and `limit=1`, which answers an empty list (never a 404) when nothing matches.
 */
import type { z } from 'zod';

import type { CmsClient, RequestOptions } from '../client.ts';
import type { QueryParams } from '../query-string.ts';
import { paginated } from '../schemas/paginated.ts';

export type QueryOptions = Pick<RequestOptions, 'signal' | 'requestId'>;

/** Slugs come from URLs: anything that cannot be one is "not found" without asking the CMS. */
export function isPlausibleSlug(slug: unknown): slug is string {
  return typeof slug === 'string' && /^[a-z0-9][a-z0-9._~-]{0,199}$/i.test(slug);
}

export interface FindBySlug<S extends z.ZodType> {
  collection: string;
  slug: string;
  schema: S;
  /** Extra parameters: select, populate, depth. */
  query: QueryParams;
}

export async function findBySlug<S extends z.ZodType>(
  client: CmsClient,
  { collection, slug, schema, query }: FindBySlug<S>,
  options: QueryOptions = {},
): Promise<z.output<S> | null> {
  if (!isPlausibleSlug(slug)) return null;
  const list = await client.get(`/${collection}`, paginated(schema), {
    ...options,
    query: { where: { slug: { equals: slug } }, limit: 1, pagination: false, ...query },
  });
  return list.docs[0] ?? null;
}
