/** Pages built from layout blocks; `slug` is the route (`home` is the front page). */
import type { Page } from '@cms/types';
import { z } from 'zod';

import type { FieldsOf } from './cms-types.ts';
import { idSchema, list, slugSchema, titleSchema } from './common.ts';
import { layoutBlockSchema } from './layout.ts';
import { seoSchema } from './seo.ts';

export const pageSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  layout: list(layoutBlockSchema),
  seo: seoSchema,
} satisfies FieldsOf<Page>);

export type PageDoc = z.output<typeof pageSchema>;
