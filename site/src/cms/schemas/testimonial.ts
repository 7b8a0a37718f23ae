/** Client quotes shown by the testimonials block. */
import type { Testimonial } from '@cms/types';
import { z } from 'zod';

import type { FieldsOf } from './cms-types.ts';
import { idSchema, populated, text } from './common.ts';
import { mediaSchema } from './media.ts';

export const testimonialSchema = z.object({
  id: idSchema,
  quote: z.string(),
  authorName: z.string(),
  authorRole: text(),
  company: text(),
  avatar: populated(mediaSchema),
} satisfies FieldsOf<Testimonial>);

export type TestimonialItem = z.output<typeof testimonialSchema>;
