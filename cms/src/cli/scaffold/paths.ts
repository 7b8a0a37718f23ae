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
  seedStubs: 'cms/src/seed/scaffolded.ts',
  seedIndex: 'cms/src/seed/index.ts',
  payloadTypes: 'cms/src/payload-types.ts',
  migrations: { sqlite: 'cms/src/migrations/sqlite', postgres: 'cms/src/migrations/postgres' },
  siteCollection: (slug: string) => `site/src/cms/collections/${slug}.ts`,
  siteView: (name: string) => `site/src/components/${name}View.astro`,
  siteIndexPage: (slug: string) => `site/src/pages/${slug}/index.astro`,
  siteDocumentPage: (slug: string) => `site/src/pages/${slug}/[slug].astro`,
  sitePages: 'site/src/pages',
  sitePreviewQuery: 'site/src/cms/queries/preview.ts',
  sitePreviewPage: 'site/src/pages/preview.astro',
  siteSelections: 'site/src/cms/queries/selections.ts',
  siteSitemap: 'site/src/pages/sitemap.xml.ts',
  siteBlockSchemas: 'site/src/cms/schemas/blocks.ts',
  siteBlockRenderer: (name: string) => `site/src/components/blocks/${name}.astro`,
  siteBlocksSwitch: 'site/src/components/blocks/Blocks.astro',
} as const

/** The repository root, from this file (cms/src/cli/scaffold/). */
export const repoRoot = path.resolve(import.meta.dirname, '../../../..')
