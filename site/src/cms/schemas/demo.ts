/**
 * Interactive demos. `kind` picks the component, so it is strict; `settings` is free-form
 * JSON each component validates for itself.
 */
import type { Demo } from '@cms/types';
import { z } from 'zod';

import { exactly, type FieldsOf } from './cms-types.ts';
import { idSchema, populated, slugSchema, text, titleSchema } from './common.ts';
import { mediaSchema } from './media.ts';
import { seoSchema } from './seo.ts';

export const DEMO_KINDS = exactly<Demo['kind']>()(['cost-estimator', 'api-explorer', 'performance-chart']);

export type DemoKind = (typeof DEMO_KINDS)[number];

export const demoCardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  kind: z.enum(DEMO_KINDS),
  summary: text(),
  thumbnail: populated(mediaSchema),
} satisfies FieldsOf<Demo>);

export const demoSchema = demoCardSchema.extend({
  /** Anything but a JSON object becomes null: the component then uses its defaults. */
  settings: z.record(z.string(), z.unknown()).nullish().catch(null),
  seo: seoSchema,
} satisfies FieldsOf<Demo>);

export type DemoCard = z.output<typeof demoCardSchema>;
export type DemoDoc = z.output<typeof demoSchema>;
