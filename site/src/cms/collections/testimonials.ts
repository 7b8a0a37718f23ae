/** Client quotes, read only inside pages (the testimonials block), so a schema and what `populate` asks for. */
import type { Testimonial } from '@cms/types'
import { z } from 'zod'

import type { FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, populated, text } from '../schemas/common.ts'
import { mediaSchema } from '../schemas/media.ts'
import { populateWith } from './define.ts'

export const testimonialSchema = z.object({
  id: idSchema,
  quote: z.string(),
  authorName: z.string(),
  authorRole: text(),
  company: text(),
  avatar: populated(mediaSchema),
} satisfies FieldsOf<Testimonial>)

export type TestimonialItem = z.output<typeof testimonialSchema>

/** What the testimonials block shows of each quote. */
export const TESTIMONIAL = populateWith('testimonials', { schema: testimonialSchema, depth: 0 })
