/** The blog: a paginated, newest-first list (optionally one category) of cards, and single posts. */
import type { Post } from '@cms/types'
import { z } from 'zod'

import type { FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, populated, populatedList, slugSchema, text, titleSchema } from '../schemas/common.ts'
import { richTextSchema } from '../schemas/lexical.ts'
import { POPULATE_LINK_TARGETS } from '../schemas/link.ts'
import { MEDIA_CARD, MEDIA_FULL, mediaSchema } from '../schemas/media.ts'
import { SEO, seoSchema } from '../schemas/seo.ts'
import { CATEGORY_TAG, categorySchema } from './categories.ts'
import { defineCollection } from './define.ts'
import { isPlausibleSlug, pageOf, type PageParams } from './list.ts'

export const postListItemSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  excerpt: text(),
  coverImage: populated(mediaSchema),
  categories: populatedList(categorySchema),
  authorName: text(),
  publishedAt: text(),
} satisfies FieldsOf<Post>)

export const postSchema = postListItemSchema.extend({
  content: richTextSchema,
  seo: seoSchema,
} satisfies FieldsOf<Post>)

export type PostListItem = z.output<typeof postListItemSchema>
export type PostDoc = z.output<typeof postSchema>

export interface ListPostsParams extends PageParams {
  /** A category slug. */
  category?: string
}

export const posts = defineCollection('posts', {
  card: { schema: postListItemSchema, depth: 1, populate: { media: MEDIA_CARD, categories: CATEGORY_TAG } },
  // Depth 1 populates the cover, the categories and images or links inside the content.
  doc: {
    schema: postSchema,
    depth: 1,
    groups: { seo: SEO },
    populate: { ...POPULATE_LINK_TARGETS, media: MEDIA_FULL, categories: CATEGORY_TAG },
  },
  embeds: ['categories', 'media'],
  list: ({ category, ...paging }: ListPostsParams = {}, base) => {
    const page = pageOf(paging, base)
    if (page === null || (category !== undefined && !isPlausibleSlug(category))) return null
    return category === undefined ? page : { ...page, where: { 'categories.slug': { equals: category } } }
  },
})
