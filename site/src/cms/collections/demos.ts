/**
 * Interactive demos, alphabetical. `kind` picks the component, so it is strict; `settings` is
 * free-form JSON each component validates for itself, and only the demo itself loads it.
 */
import type { Demo } from '@cms/types'
import { z } from 'zod'

import { exactly, type FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, populated, slugSchema, text, titleSchema } from '../schemas/common.ts'
import { MEDIA_CARD, MEDIA_FULL, mediaSchema } from '../schemas/media.ts'
import { SEO, seoSchema } from '../schemas/seo.ts'
import { defineCollection, populateWith } from './define.ts'

export const DEMO_KINDS = exactly<Demo['kind']>()(['cost-estimator', 'api-explorer', 'performance-chart'])

export type DemoKind = (typeof DEMO_KINDS)[number]

export const demoCardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  kind: z.enum(DEMO_KINDS),
  summary: text(),
  thumbnail: populated(mediaSchema),
} satisfies FieldsOf<Demo>)

/** A demo embedded in a page: what the component needs to run, no SEO. */
export const demoEmbedSchema = demoCardSchema.extend({
  /** Anything but a JSON object becomes null: the component then uses its defaults. */
  settings: z.record(z.string(), z.unknown()).nullish().catch(null),
} satisfies FieldsOf<Demo>)

export const demoSchema = demoEmbedSchema.extend({ seo: seoSchema } satisfies FieldsOf<Demo>)

export type DemoCard = z.output<typeof demoCardSchema>
export type DemoDoc = z.output<typeof demoSchema>

export const DEMO_EMBED = populateWith('demos', { schema: demoEmbedSchema, depth: 1 })

export const demos = defineCollection('demos', {
  card: { schema: demoCardSchema, depth: 1, populate: { media: MEDIA_CARD } },
  doc: { schema: demoSchema, depth: 1, groups: { seo: SEO }, populate: { media: MEDIA_FULL } },
  sort: 'title',
  embeds: ['media'],
})
