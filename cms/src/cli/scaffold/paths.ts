/**
 * Every file the scaffold reads or writes, relative to the repository root, in one table: when a
 * folder moves, this is the only place to change.
 */
import path from 'node:path'

export const TARGETS = {
  registry: 'contract/src/collections.ts',
  cmsConfig: 'cms/src/config.ts',
  collection: (name: string) => `cms/src/collections/${name}/index.ts`,
  collectionsDir: 'cms/src/collections',
  blocksIndex: 'cms/src/blocks/index.ts',
  block: (name: string) => `cms/src/blocks/${name}.ts`,
  seedIndex: 'cms/src/seed/index.ts',
  payloadTypes: 'cms/src/payload-types.ts',
  migrations: { sqlite: 'cms/src/migrations/sqlite', postgres: 'cms/src/migrations/postgres' },
  /** Written by `npm run generate:blocks` from the CMS block configs. */
  generatedBlocks: ['site/src/cms/generated/blocks.ts', 'contract/src/generated/blocks.ts'],
  /** File names are camelCase (scripts/checkFileNames.mjs); page folders are URLs. */
  siteCollection: (camel: string) => `site/src/cms/collections/${camel}.ts`,
  siteCollectionsIndex: 'site/src/cms/collections/index.ts',
  siteView: (name: string) => `site/src/views/${name}View.astro`,
  siteIndexPage: (slug: string) => `site/src/pages/${slug}/index.astro`,
  siteDocumentPage: (slug: string) => `site/src/pages/${slug}/[slug].astro`,
  sitePages: 'site/src/pages',
  sitePreviewPage: 'site/src/pages/preview.astro',
  siteBlockRenderer: (name: string) => `site/src/components/blocks/${name}.astro`,
} as const

/** The repository root, from this file (cms/src/cli/scaffold/). */
export const repoRoot = path.resolve(import.meta.dirname, '../../../..')
