/**
 * The site's half of the block schemas (../generated/blocks.ts, generated from the CMS block
 * configs): what an upload or relationship field becomes, by the collection it shows, and the
 * values a CMS field names with `custom: { siteSchema }`. A block showing a collection not
 * listed here fails the type check of the generated file.
 */
import type { CollectionSlug } from '@mspn/contract'
import type { z } from 'zod'

import { demoSchema } from '../collections/demos.ts'
import { projectCardSchema } from '../collections/projects.ts'
import { serviceCardSchema } from '../collections/services.ts'
import { testimonialSchema } from '../collections/testimonials.ts'
import { linkSchema } from './link.ts'
import { mediaSchema } from './media.ts'

export const relationSchemas = {
  media: mediaSchema,
  services: serviceCardSchema,
  projects: projectCardSchema,
  testimonials: testimonialSchema,
  demos: demoSchema,
} satisfies Partial<Record<CollectionSlug, z.ZodType>>

export const fieldSchemas = {
  link: linkSchema,
} satisfies Record<string, z.ZodType>
