/**
 * Pages built from layout blocks; `slug` is the route (`home` is the front page). One request
 * brings a page and everything its blocks show: depth 2 reaches the images of the services,
 * projects, testimonials and demos that blocks reference, and `populate` keeps each of those
 * to the fields its card renders.
 */
import type { Page } from '@cms/types'
import { BLOCK_EMBEDS } from '@mspn/contract'
import { z } from 'zod'

import type { FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, list, slugSchema, titleSchema } from '../schemas/common.ts'
import { layoutBlockSchema } from '../schemas/layout.ts'
import { POPULATE_LINK_TARGETS } from '../schemas/link.ts'
import { MEDIA_FULL } from '../schemas/media.ts'
import { SEO, seoSchema } from '../schemas/seo.ts'
import { defineCollection, populateWith } from './define.ts'
import { DEMO_EMBED } from './demos.ts'
import { projects } from './projects.ts'
import { services } from './services.ts'
import { TESTIMONIAL } from './testimonials.ts'

export const pageSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  layout: list(layoutBlockSchema),
  seo: seoSchema,
} satisfies FieldsOf<Page>)

export type PageDoc = z.output<typeof pageSchema>

/** A page as lists of pages need it (sitemap, static paths): where it lives and whether it wants indexing. */
export const pageSummarySchema = z.object({
  id: idSchema,
  slug: slugSchema,
  updatedAt: z.string().nullish(),
  seo: z.object({ noIndex: z.boolean().nullish() }).nullish(),
} satisfies FieldsOf<Page>)

export type PageSummary = z.output<typeof pageSummarySchema>

export const pages = defineCollection('pages', {
  card: { schema: pageSummarySchema, depth: 0, groups: { seo: { noIndex: true } } },
  doc: {
    schema: pageSchema,
    depth: 2,
    groups: { seo: SEO },
    populate: {
      ...POPULATE_LINK_TARGETS,
      media: MEDIA_FULL,
      services: populateWith('services', services.card),
      projects: populateWith('projects', projects.card),
      testimonials: TESTIMONIAL,
      demos: DEMO_EMBED,
    },
  },
  sort: 'slug',
  limit: 1000,
  embeds: BLOCK_EMBEDS,
})
