/** Portfolio: project cards (newest first, or featured first for the home page grid) and case studies. */
import type { CmsClient } from '../client.ts';
import { paginated } from '../schemas/paginated.ts';
import { projectCardSchema, projectSchema, type ProjectCard, type ProjectDoc } from '../schemas/project.ts';
import { findBySlug, type QueryOptions } from './find-by-slug.ts';
import { MEDIA_CARD, MEDIA_FULL, PROJECT_CARD, PROJECT_FULL } from './selections.ts';

export interface ListProjectsParams {
  /** Default 100: the whole portfolio. */
  limit?: number;
  /** Featured projects before the rest, as the projects-grid block shows them. */
  featuredFirst?: boolean;
}

export async function listProjects(
  client: CmsClient,
  { limit = 100, featuredFirst = false }: ListProjectsParams = {},
  options: QueryOptions = {},
): Promise<ProjectCard[]> {
  const count = Number.isInteger(limit) ? Math.min(Math.max(limit, 1), 100) : 100;
  const result = await client.get('/projects', paginated(projectCardSchema), {
    ...options,
    query: {
      sort: featuredFirst ? '-featured,-year,-publishedAt' : '-year,-publishedAt',
      limit: count,
      pagination: false,
      depth: 1,
      select: PROJECT_CARD,
      populate: { media: MEDIA_CARD },
    },
  });
  return result.docs;
}

export const PROJECT_QUERY = { depth: 1, select: PROJECT_FULL, populate: { media: MEDIA_FULL } };

export function getProject(client: CmsClient, slug: string, options: QueryOptions = {}): Promise<ProjectDoc | null> {
  return findBySlug(
    client,
    { collection: 'projects', slug, schema: projectSchema, query: PROJECT_QUERY },
    options,
  );
}
