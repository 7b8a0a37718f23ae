/**
 * The collections the site reads, one file each. The static export mirrors every one of
 * these (src/content.config.ts); the draft preview renders the previewable ones.
 */
import type { PreviewableCollection } from '@mspn/contract'

import { categories } from './categories.ts'
import type { AnySiteCollection } from './define.ts'
import { demos } from './demos.ts'
import { pages } from './pages.ts'
import { posts } from './posts.ts'
import { projects } from './projects.ts'
import { services } from './services.ts'

export const SITE_COLLECTIONS = { pages, posts, services, projects, demos, categories } satisfies Record<
  string,
  AnySiteCollection
>

/** A collection the registry marks previewable fails to compile until its file is listed here. */
export const PREVIEW_COLLECTIONS = { pages, posts, services, projects, demos } satisfies Record<
  PreviewableCollection,
  AnySiteCollection
>

export * from './categories.ts'
export * from './define.ts'
export * from './demos.ts'
export * from './list.ts'
export * from './pages.ts'
export * from './posts.ts'
export * from './projects.ts'
export * from './reads.ts'
export * from './services.ts'
export * from './testimonials.ts'
