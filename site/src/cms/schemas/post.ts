/** Blog posts: a light card for lists, the full document (content, SEO) for the post page. */
import type { Post } from '@cms/types';
import { z } from 'zod';

import { categorySchema } from './category.ts';
import type { FieldsOf } from './cms-types.ts';
import { idSchema, populated, populatedList, slugSchema, text, titleSchema } from './common.ts';
import { richTextSchema } from './lexical.ts';
import { mediaSchema } from './media.ts';
import { seoSchema } from './seo.ts';

export const postListItemSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  excerpt: text(),
  coverImage: populated(mediaSchema),
  categories: populatedList(categorySchema),
  authorName: text(),
  publishedAt: text(),
} satisfies FieldsOf<Post>);

export const postSchema = postListItemSchema.extend({
  content: richTextSchema,
  seo: seoSchema,
} satisfies FieldsOf<Post>);

export type PostListItem = z.output<typeof postListItemSchema>;
export type PostDoc = z.output<typeof postSchema>;
