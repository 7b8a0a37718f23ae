/**
 * Build-time collections, used by the static export only (`npm run build:static`): each
 * mirrors one CMS collection through an incremental loader (src/content/loaders.ts). The
 * server build defines none, so it never needs a CMS at build time.
 */
import { BLOCK_EMBEDS } from '@mspn/contract';
import { defineCollection } from 'astro:content';

import {
  CATEGORY_QUERY,
  categorySchema,
  createCms,
  DEMO_QUERY,
  demoSchema,
  PAGE_QUERY,
  pageSchema,
  POST_QUERY,
  postSchema,
  PROJECT_QUERY,
  projectSchema,
  SERVICE_QUERY,
  serviceSchema,
} from './cms/index.ts';
import { STATIC_EXPORT } from './buildMode.ts';
import { env } from './env.ts';
import { cmsCollectionLoader, siteChromeLoader } from './content/loaders.ts';
import { siteIdentitySigner } from '@mspn/contract/site-identity';

/** The CMS as the build reads it: retries as configured, and only failures logged (loaders print progress). */
const cms = createCms({
  baseUrl: env.CMS_URL,
  timeoutMs: env.CMS_TIMEOUT_MS,
  retries: env.CMS_RETRIES,
  identity: siteIdentitySigner(env.REVALIDATE_SECRET),
  logger: { info: () => undefined, warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })) },
});

const staticCollections = {
  chrome: defineCollection({ loader: siteChromeLoader(cms) }),
  pages: defineCollection({ loader: cmsCollectionLoader(cms, { collection: 'pages', schema: pageSchema, query: PAGE_QUERY, embeds: [...BLOCK_EMBEDS] }) }),
  posts: defineCollection({
    loader: cmsCollectionLoader(cms, { collection: 'posts', schema: postSchema, query: POST_QUERY, embeds: ['categories', 'media'] }),
  }),
  services: defineCollection({ loader: cmsCollectionLoader(cms, { collection: 'services', schema: serviceSchema, query: SERVICE_QUERY, embeds: ['media'] }) }),
  projects: defineCollection({ loader: cmsCollectionLoader(cms, { collection: 'projects', schema: projectSchema, query: PROJECT_QUERY, embeds: ['media'] }) }),
  demos: defineCollection({ loader: cmsCollectionLoader(cms, { collection: 'demos', schema: demoSchema, query: DEMO_QUERY, embeds: ['media'] }) }),
  categories: defineCollection({ loader: cmsCollectionLoader(cms, { collection: 'categories', schema: categorySchema, query: CATEGORY_QUERY, embeds: [] }) }),
};

export const collections = STATIC_EXPORT ? staticCollections : {};
