/**
 * Build-time collections, used by the static export only (`npm run build:static`): each
 * mirrors one CMS collection through an incremental loader (src/content/loaders.ts). The
 * server build defines none, so it never needs a CMS at build time.
 */
import { defineCollection } from 'astro:content'

import { createCms, SITE_COLLECTIONS } from './cms/index.ts'
import { STATIC_EXPORT } from './buildMode.ts'
import { env } from './env.ts'
import { cmsCollectionLoader, siteChromeLoader } from './content/loaders.ts'
import { siteIdentitySigner } from '@mspn/contract/site-identity'

/** The CMS as the build reads it: retries as configured, and only failures logged (loaders print progress). */
const cms = createCms({
  baseUrl: env.CMS_URL,
  timeoutMs: env.CMS_TIMEOUT_MS,
  retries: env.CMS_RETRIES,
  identity: siteIdentitySigner(env.REVALIDATE_SECRET),
  logger: {
    info: () => undefined,
    warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
  },
})

/** One content collection per site collection file, plus the chrome. */
const staticCollections = {
  chrome: defineCollection({ loader: siteChromeLoader(cms) }),
  ...Object.fromEntries(
    Object.entries(SITE_COLLECTIONS).map(([name, collection]) => [
      name,
      defineCollection({ loader: cmsCollectionLoader(cms, collection) }),
    ]),
  ),
}

export const collections = STATIC_EXPORT ? staticCollections : {}
