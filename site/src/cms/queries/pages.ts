/**
 * A page and everything its blocks show, in one request: depth 2 reaches the images of the
 * services, projects, testimonials and demos that blocks reference, and `populate` keeps each
 * of those to the fields its card renders.
 */
import type { CmsClient } from '../client.ts';
import { paginated } from '../schemas/paginated.ts';
import { pageSchema, pageSummarySchema, type PageDoc, type PageSummary } from '../schemas/page.ts';
import { findBySlug, type QueryOptions } from './find-by-slug.ts';
import {
  DEMO_EMBED,
  MEDIA_FULL,
  PAGE,
  POPULATE_LINK_TARGETS,
  PROJECT_CARD,
  SERVICE_CARD,
  TESTIMONIAL,
  type Populate,
} from './selections.ts';

const PAGE_POPULATE = {
  ...POPULATE_LINK_TARGETS,
  media: MEDIA_FULL,
  services: SERVICE_CARD,
  projects: PROJECT_CARD,
  testimonials: TESTIMONIAL,
  demos: DEMO_EMBED,
} satisfies Populate;

/** Every published page's slug, last change and noindex flag, by slug (sitemap, static paths). */
export async function listPages(client: CmsClient, options: QueryOptions = {}): Promise<PageSummary[]> {
  const result = await client.get('/pages', paginated(pageSummarySchema), {
    ...options,
    query: { sort: 'slug', limit: 1000, pagination: false, depth: 0, select: { slug: true, updatedAt: true, seo: { noIndex: true } } },
  });
  return result.docs;
}

/** What a page view renders; the draft preview asks for the same. */
export const PAGE_QUERY = { depth: 2, select: PAGE, populate: PAGE_POPULATE };

export function getPage(client: CmsClient, slug: string, options: QueryOptions = {}): Promise<PageDoc | null> {
  return findBySlug(client, { collection: 'pages', slug, schema: pageSchema, query: PAGE_QUERY }, options);
}
