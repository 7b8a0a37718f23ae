/** Services: a card for grids and the services index, the full document for its own page. */
import type { Service } from '@cms/types';
import { z } from 'zod';

import { exactly, type FieldsOf } from './cms-types.ts';
import { idSchema, lenientEnum, list, slugSchema, text, titleSchema } from './common.ts';
import { richTextSchema } from './lexical.ts';
import { seoSchema } from './seo.ts';

export const SERVICE_ICONS = exactly<NonNullable<Service['icon']>>()([
  'code',
  'cloud',
  'mobile',
  'design',
  'data',
  'shield',
  'rocket',
  'chat',
]);

export const serviceCardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  summary: text(),
  icon: lenientEnum(SERVICE_ICONS),
  order: z.number().nullish(),
} satisfies FieldsOf<Service>);

export const serviceSchema = serviceCardSchema.extend({
  body: richTextSchema.nullish(),
  features: list(z.object({ feature: z.string() })),
  seo: seoSchema,
} satisfies FieldsOf<Service>);

export type ServiceCard = z.output<typeof serviceCardSchema>;
export type ServiceDoc = z.output<typeof serviceSchema>;
