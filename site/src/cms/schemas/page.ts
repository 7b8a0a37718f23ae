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

/** A page as lists of pages need it (sitemap, static paths): where it lives and whether it wants indexing. */
export const pageSummarySchema = z.object({
  id: idSchema,
  slug: slugSchema,
  updatedAt: z.string().nullish(),
  seo: z.object({ noIndex: z.boolean().nullish() }).nullish(),
});

export type PageSummary = z.output<typeof pageSummarySchema>;
