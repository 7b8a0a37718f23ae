/**
 * The functions pages call, bound to one client: `createCms(config)` for tests or a second
 * CMS, `cms` (from ./index.ts) for everything else. Collection reads come from the collection
 * files (./collections/), so each asks only for the fields and depth it renders and answers
 * parsed data, or null when the document does not exist.
 */
import { createCmsClient, type CmsClient, type CmsClientConfig } from './client.ts'
import type { ListProjectsParams } from './collections/projects.ts'
import type { ListPostsParams } from './collections/posts.ts'
import { collectionReads, httpSource, type CollectionReads, type QueryOptions } from './collections/reads.ts'
import { getPreviewChrome, getSiteChrome, type SiteChrome } from './queries/chrome.ts'
import { createInquiry } from './queries/inquiries.ts'
import { getPreviewDraft, type PreviewCollection, type PreviewDraft } from './queries/preview.ts'
import type { InquiryCreated, InquiryInput } from './schemas/inquiry.ts'

export type { ListPostsParams, ListProjectsParams, PreviewCollection, PreviewDraft, QueryOptions, SiteChrome }

export interface Cms extends CollectionReads {
  readonly client: CmsClient
  getSiteChrome(options?: QueryOptions): Promise<SiteChrome>
  createInquiry(data: InquiryInput, options?: QueryOptions): Promise<InquiryCreated>
  /** The draft a signed preview token names (see queries/preview.ts). */
  getPreviewDraft(collection: PreviewCollection, token: string, options?: QueryOptions): Promise<PreviewDraft>
  /** The editor's draft navigation, footer and settings, for any valid preview token (see queries/chrome.ts). */
  getPreviewChrome(token: string, options?: QueryOptions): Promise<SiteChrome>
}

/** Binds every query to `client`. */
export function cmsWithClient(client: CmsClient): Cms {
  return {
    client,
    ...collectionReads(httpSource(client)),
    getSiteChrome: (options) => getSiteChrome(client, options),
    createInquiry: (data, options) => createInquiry(client, data, options),
    getPreviewDraft: (collection, token, options) => getPreviewDraft(client, collection, token, options),
    getPreviewChrome: (token, options) => getPreviewChrome(client, token, options),
  }
}

export function createCms(config: CmsClientConfig): Cms {
  return cmsWithClient(createCmsClient(config))
}
