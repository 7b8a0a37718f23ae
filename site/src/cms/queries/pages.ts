/**
 * A page and everything its blocks show, in one request: depth 2 reaches the images of the
 * services, projects, testimonials and demos that blocks reference, and `populate` keeps each
 * of those to the fields its card renders.
 */
import type { CmsClient } from '../client.ts';
import { pageSchema, type PageDoc } from '../schemas/page.ts';
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

/** What a page view renders; the draft preview asks for the same. */
export const PAGE_QUERY = { depth: 2, select: PAGE, populate: PAGE_POPULATE };

export function getPage(client: CmsClient, slug: string, options: QueryOptions = {}): Promise<PageDoc | null> {
  return findBySlug(client, { collection: 'pages', slug, schema: pageSchema, query: PAGE_QUERY }, options);
}
