/** Blog categories: listed on the blog and used to filter posts by slug. */
import type { Category } from '@cms/types';
import { z } from 'zod';

import type { FieldsOf } from './cms-types.ts';
import { idSchema, slugSchema, text, titleSchema } from './common.ts';

export const categorySchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  description: text(),
} satisfies FieldsOf<Category>);

export type CategoryItem = z.output<typeof categorySchema>;
