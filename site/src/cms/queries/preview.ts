/**
 * A draft for the preview route. The site holds no CMS credential: it forwards the editor's
 * signed preview token to `GET /api/v1/preview`, which answers only the document the token
 * names. The fields and depth are the ones the public page asks for (its collection file), so
 * the draft renders through the same components.
 */
import type { PreviewableCollection } from '@mspn/contract'
import { PREVIEW_TOKEN_HEADER } from '@mspn/contract/preview-token'
import { z } from 'zod'

import type { CmsClient } from '../client.ts'
import { selectionQuery, type DocOf } from '../collections/define.ts'
import { PREVIEW_COLLECTIONS } from '../collections/index.ts'
import type { QueryOptions } from '../collections/reads.ts'

export type PreviewCollection = PreviewableCollection

type Previewed = typeof PREVIEW_COLLECTIONS

export type PreviewDraft = { [C in PreviewCollection]: { collection: C; doc: DocOf<Previewed[C]> } }[PreviewCollection]

/** Throws CmsHttpError 401 (token refused), 403 (no access), 404 (gone), or another CmsError. */
export async function getPreviewDraft(
  client: CmsClient,
  collection: PreviewCollection,
  token: string,
  options: QueryOptions = {},
): Promise<PreviewDraft> {
  const { doc } = PREVIEW_COLLECTIONS[collection]
  const answer = await client.get('/preview', z.object({ doc: doc.schema }), {
    ...options,
    headers: { [PREVIEW_TOKEN_HEADER]: token },
    query: selectionQuery(doc),
  })
  return { collection, doc: answer.doc } as PreviewDraft
}
