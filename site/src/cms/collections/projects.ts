/** Portfolio: project cards (newest first, or featured first for the home page grid) and case studies. */
import type { Project } from '@cms/types'
import { z } from 'zod'

import { exactly, type FieldsOf } from '../schemas/cmsTypes.ts'
import {
  idSchema,
  lenientEnum,
  list,
  populated,
  populatedList,
  slugSchema,
  text,
  titleSchema,
} from '../schemas/common.ts'
import { richTextSchema } from '../schemas/lexical.ts'
import { MEDIA_CARD, MEDIA_FULL, mediaSchema } from '../schemas/media.ts'
import { SEO, seoSchema } from '../schemas/seo.ts'
import { defineCollection } from './define.ts'

export const INDUSTRIES = exactly<Project['industry']>()([
  'fintech',
  'health',
  'retail',
  'logistics',
  'media',
  'education',
  'public-sector',
  'saas',
])

export const projectCardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  client: text(),
  industry: lenientEnum(INDUSTRIES),
  year: z.number().nullish(),
  summary: text(),
  coverImage: populated(mediaSchema),
  stack: list(z.string()),
  featured: z.boolean().nullish(),
} satisfies FieldsOf<Project>)

export const projectSchema = projectCardSchema.extend({
  body: richTextSchema.nullish(),
  gallery: populatedList(mediaSchema),
  results: list(z.object({ value: z.string(), label: z.string() })),
  links: list(z.object({ label: z.string(), url: z.string() })),
  seo: seoSchema,
} satisfies FieldsOf<Project>)

export type ProjectCard = z.output<typeof projectCardSchema>
export type ProjectDoc = z.output<typeof projectSchema>

export interface ListProjectsParams {
  /** Default 100: the whole portfolio. */
  limit?: number
  /** Featured projects before the rest, as the projects-grid block shows them. */
  featuredFirst?: boolean
}

export const projects = defineCollection('projects', {
  card: { schema: projectCardSchema, depth: 1, populate: { media: MEDIA_CARD } },
  doc: { schema: projectSchema, depth: 1, groups: { seo: SEO }, populate: { media: MEDIA_FULL } },
  thenBy: '-publishedAt',
  embeds: ['media'],
  list: ({ limit = 100, featuredFirst = false }: ListProjectsParams = {}, base) => ({
    sort: featuredFirst ? `-featured,${base.sort}` : base.sort,
    limit: Number.isInteger(limit) ? Math.min(Math.max(limit, 1), 100) : 100,
  }),
})
