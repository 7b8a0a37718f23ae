/** Blog categories, alphabetical: listed on the blog and used to filter posts by slug. */
import type { Category, CategoriesSelect } from '@cms/types'
import { z } from 'zod'

import type { FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, slugSchema, text, titleSchema } from '../schemas/common.ts'
import { defineCollection } from './define.ts'

export const categorySchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  description: text(),
} satisfies FieldsOf<Category>)

export type CategoryItem = z.output<typeof categorySchema>

/** `populate[categories]` for a category shown as a tag on a post. */
export const CATEGORY_TAG = { title: true, slug: true } satisfies CategoriesSelect<true>

export const categories = defineCollection('categories', {
  card: { schema: categorySchema, depth: 0 },
  doc: { schema: categorySchema, depth: 0 },
  sort: 'title',
  embeds: [],
})
