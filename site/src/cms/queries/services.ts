/** Services in the editors' chosen order, and one service's page. */
import type { CmsClient } from '../client.ts';
import { paginated } from '../schemas/paginated.ts';
import { serviceCardSchema, serviceSchema, type ServiceCard, type ServiceDoc } from '../schemas/service.ts';
import { findBySlug, type QueryOptions } from './find-by-slug.ts';
import { MEDIA_FULL, SERVICE_CARD, SERVICE_FULL } from './selections.ts';

/** A studio has a handful of services; one request without counting is enough. */
const ALL = 100;

export async function listServices(client: CmsClient, options: QueryOptions = {}): Promise<ServiceCard[]> {
  const result = await client.get('/services', paginated(serviceCardSchema), {
    ...options,
    query: { sort: 'order,title', limit: ALL, pagination: false, depth: 0, select: SERVICE_CARD },
  });
  return result.docs;
}

export const SERVICE_QUERY = { depth: 1, select: SERVICE_FULL, populate: { media: MEDIA_FULL } };

export function getService(client: CmsClient, slug: string, options: QueryOptions = {}): Promise<ServiceDoc | null> {
  return findBySlug(
    client,
    { collection: 'services', slug, schema: serviceSchema, query: SERVICE_QUERY },
    options,
  );
}
