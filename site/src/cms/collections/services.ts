/** Services, in the editors' order: a card for grids and the services index, the full document for its own page. */
import type { Service } from '@cms/types'
import { z } from 'zod'

import { exactly, type FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, lenientEnum, list, slugSchema, text, titleSchema } from '../schemas/common.ts'
import { richTextSchema } from '../schemas/lexical.ts'
import { MEDIA_FULL } from '../schemas/media.ts'
import { SEO, seoSchema } from '../schemas/seo.ts'
import { defineCollection } from './define.ts'

export const SERVICE_ICONS = exactly<NonNullable<Service['icon']>>()([
  'code',
  'cloud',
  'mobile',
  'design',
  'data',
  'shield',
  'rocket',
  'chat',
])

export const serviceCardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  summary: text(),
  icon: lenientEnum(SERVICE_ICONS),
  order: z.number().nullish(),
} satisfies FieldsOf<Service>)

export const serviceSchema = serviceCardSchema.extend({
  body: richTextSchema.nullish(),
  features: list(z.object({ feature: z.string() })),
  seo: seoSchema,
} satisfies FieldsOf<Service>)

export type ServiceCard = z.output<typeof serviceCardSchema>
export type ServiceDoc = z.output<typeof serviceSchema>

export const services = defineCollection('services', {
  card: { schema: serviceCardSchema, depth: 0 },
  doc: { schema: serviceSchema, depth: 1, groups: { seo: SEO }, populate: { media: MEDIA_FULL } },
  thenBy: 'title',
  embeds: ['media'],
})
