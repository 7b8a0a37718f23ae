/**
 * The site's CMS entry point: the default instance, configured from the environment, plus
 * the types and errors pages need. Import from here, not from the files behind it.
 */
import { env } from '../env.ts'
import { siteIdentitySigner } from '@mspn/contract/site-identity'
import { createCms, type Cms } from './queries.ts'

/** The site's own reads, signed as the site (a budget sized for a site at the CMS). */
export const cms: Cms = createCms({
  baseUrl: env.CMS_URL,
  timeoutMs: env.CMS_TIMEOUT_MS,
  retries: env.CMS_RETRIES,
  identity: siteIdentitySigner(env.REVALIDATE_SECRET),
})

export { createCmsClient, type CmsClient, type CmsClientConfig, type RequestOptions } from './client.ts'
export * from './errors.ts'
export type { CmsLogger } from './logger.ts'
export { toQueryString, type QueryParams } from './queryString.ts'
export * from './queries.ts'
export * from './schemas.ts'
export { syncSource, type CollectionStamp, type ManifestItem, type SyncedDoc, type SyncSource } from './queries/sync.ts'
export * from './collections/index.ts'
