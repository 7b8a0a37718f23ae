/**
 * A draft for the preview route. The site holds no CMS credential: it forwards the editor's
 * signed preview token to `GET /api/v1/preview`, which answers only the document the token
 * names. The fields and depth are the same the public page asks for, so the draft renders
 * through the same components.
 */
import type { PreviewableCollection } from '@mspn/contract';
import { PREVIEW_TOKEN_HEADER } from '@mspn/contract/preview-token';
import { z } from 'zod';

import type { CmsClient } from '../client.ts';
import { demoSchema, type DemoDoc } from '../schemas/demo.ts';
import { pageSchema, type PageDoc } from '../schemas/page.ts';
import { postSchema, type PostDoc } from '../schemas/post.ts';
import { projectSchema, type ProjectDoc } from '../schemas/project.ts';
import { serviceSchema, type ServiceDoc } from '../schemas/service.ts';
import { DEMO_QUERY } from './demos.ts';
import type { QueryOptions } from './find-by-slug.ts';
import { PAGE_QUERY } from './pages.ts';
import { POST_QUERY } from './posts.ts';
import { PROJECT_QUERY } from './projects.ts';
import { SERVICE_QUERY } from './services.ts';

/** The document each previewable collection (the registry) renders; a new one fails to compile until it is added. */
interface DraftDocs {
  pages: PageDoc;
  posts: PostDoc;
  projects: ProjectDoc;
  services: ServiceDoc;
  demos: DemoDoc;
}

export type PreviewCollection = PreviewableCollection;

export type PreviewDraft = { [C in PreviewCollection]: { collection: C; doc: DraftDocs[C] } }[PreviewCollection];

const answer = <S extends z.ZodType>(schema: S) => z.object({ doc: schema });

/** Throws CmsHttpError 401 (token refused), 403 (no access), 404 (gone), or another CmsError. */
export async function getPreviewDraft(client: CmsClient, collection: PreviewCollection, token: string, options: QueryOptions = {}): Promise<PreviewDraft> {
  const request = { ...options, headers: { [PREVIEW_TOKEN_HEADER]: token } };
  switch (collection) {
    case 'pages':
      return { collection, doc: (await client.get('/preview', answer(pageSchema), { ...request, query: PAGE_QUERY })).doc };
    case 'posts':
      return { collection, doc: (await client.get('/preview', answer(postSchema), { ...request, query: POST_QUERY })).doc };
    case 'projects':
      return { collection, doc: (await client.get('/preview', answer(projectSchema), { ...request, query: PROJECT_QUERY })).doc };
    case 'services':
      return { collection, doc: (await client.get('/preview', answer(serviceSchema), { ...request, query: SERVICE_QUERY })).doc };
    case 'demos':
      return { collection, doc: (await client.get('/preview', answer(demoSchema), { ...request, query: DEMO_QUERY })).doc };
  }
}
