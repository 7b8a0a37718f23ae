/**
 * /search-index.json: the static export's search index (MiniSearch, settings from
 * @mspn/contract/search), built from the content store at export time and searched in the browser
 * by the search island. Published documents only (the store holds nothing else), of the sections
 * that are switched on; body text is cut shorter than the CMS's to keep the file small. The
 * server build has no such file (its search is the CMS's API): 404.
 */
import type { APIRoute } from 'astro'

import { createSearchEngine, SEARCH_TYPES, searchDocumentOf, upsertDocument } from '@mspn/contract/search'

import { STATIC_EXPORT } from '../buildMode.ts'
import { storedDocuments } from '../content/index.ts'
import { NOT_FOUND } from '../layouts/cachePolicy.ts'
import { loadChrome } from '../layouts/loadChrome.ts'
import { isHrefEnabled } from '../routing/features.ts'

/** Indexed body text per document in the static index (the CMS's own index keeps more). */
const STATIC_BODY_CHARS = 4000

export const GET: APIRoute = async ({ locals }) => {
  if (!STATIC_EXPORT) {
    return new Response('Not found.\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NOT_FOUND },
    })
  }
  const chrome = await loadChrome(locals)
  const engine = createSearchEngine()
  for (const type of SEARCH_TYPES) {
    for (const doc of await storedDocuments(type)) {
      const searchDoc = searchDocumentOf(type, doc, STATIC_BODY_CHARS)
      if (searchDoc && isHrefEnabled(searchDoc.url, chrome.features)) upsertDocument(engine, searchDoc)
    }
  }
  return new Response(JSON.stringify(engine), { headers: { 'Content-Type': 'application/json; charset=utf-8' } })
}
