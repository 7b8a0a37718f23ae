/** Portfolio projects: a card for grids and the work index, the full case study for its page. */
import type { Project } from '@cms/types';
import { z } from 'zod';

import { exactly, type FieldsOf } from './cms-types.ts';
import { idSchema, lenientEnum, list, populated, populatedList, slugSchema, text, titleSchema } from './common.ts';
import { richTextSchema } from './lexical.ts';
import { mediaSchema } from './media.ts';
import { seoSchema } from './seo.ts';

export const INDUSTRIES = exactly<Project['industry']>()([
  'fintech',
  'health',
  'retail',
  'logistics',
  'media',
  'education',
  'public-sector',
  'saas',
]);

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
} satisfies FieldsOf<Project>);

export const projectSchema = projectCardSchema.extend({
  body: richTextSchema.nullish(),
  gallery: populatedList(mediaSchema),
  results: list(z.object({ value: z.string(), label: z.string() })),
  links: list(z.object({ label: z.string(), url: z.string() })),
  seo: seoSchema,
} satisfies FieldsOf<Project>);

export type ProjectCard = z.output<typeof projectCardSchema>;
export type ProjectDoc = z.output<typeof projectSchema>;
