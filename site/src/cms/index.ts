/**
 * The site's CMS entry point: the default instance, configured from the environment, plus
 * the types and errors pages need. Import from here, not from the files behind it.
 */
import { env } from '../env.ts';
import { createCms, type Cms } from './queries.ts';

export const cms: Cms = createCms({ baseUrl: env.CMS_URL, timeoutMs: env.CMS_TIMEOUT_MS, retries: env.CMS_RETRIES });

export { createCmsClient, type CmsClient, type CmsClientConfig, type RequestOptions } from './client.ts';
export * from './errors.ts';
export type { CmsLogger } from './logger.ts';
export { toQueryString, type QueryParams } from './query-string.ts';
export * from './queries.ts';
export * from './schemas.ts';
