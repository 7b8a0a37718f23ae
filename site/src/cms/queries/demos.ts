/** Interactive demos: cards for the index, and one demo with its settings. */
import type { CmsClient } from '../client.ts';
import { demoCardSchema, demoSchema, type DemoCard, type DemoDoc } from '../schemas/demo.ts';
import { paginated } from '../schemas/paginated.ts';
import { findBySlug, type QueryOptions } from './find-by-slug.ts';
import { DEMO_CARD, DEMO_FULL, MEDIA_CARD, MEDIA_FULL } from './selections.ts';

export async function listDemos(client: CmsClient, options: QueryOptions = {}): Promise<DemoCard[]> {
  const result = await client.get('/demos', paginated(demoCardSchema), {
    ...options,
    query: { sort: 'title', limit: 100, pagination: false, depth: 1, select: DEMO_CARD, populate: { media: MEDIA_CARD } },
  });
  return result.docs;
}

export const DEMO_QUERY = { depth: 1, select: DEMO_FULL, populate: { media: MEDIA_FULL } };

export function getDemo(client: CmsClient, slug: string, options: QueryOptions = {}): Promise<DemoDoc | null> {
  return findBySlug(
    client,
    { collection: 'demos', slug, schema: demoSchema, query: DEMO_QUERY },
    options,
  );
}
