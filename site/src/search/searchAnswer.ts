/**
 * The CMS's search answer (`GET /api/v1/search`, shapes in @mspn/contract/search) as the site
 * accepts it on the server: checked with zod, and each snippet must be escaped text with `<mark>`
 * tags only, since the page inserts it as HTML.
 */
import { z } from 'zod'

import { SEARCH_TYPES, type SearchType } from '@mspn/contract/search'

import { SAFE_SNIPPET } from './searchRequest.ts'

const typeSchema = z.enum(SEARCH_TYPES as [SearchType, ...SearchType[]])

export const searchHitSchema = z.object({
  type: typeSchema,
  id: z.string(),
  title: z.string(),
  url: z.string().regex(/^\/(?!\/)/, 'a site path'),
  snippet: z.string().regex(SAFE_SNIPPET, 'escaped text with <mark> only'),
  score: z.number(),
})

export const searchAnswerSchema = z.object({
  query: z.string(),
  type: typeSchema.nullable(),
  hits: z.array(searchHitSchema),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  limit: z.number().int().positive(),
  totalPages: z.number().int().nonnegative(),
  facets: z.record(typeSchema, z.number().int().nonnegative()),
})

export type SearchHitView = z.output<typeof searchHitSchema>
export type SearchAnswerView = z.output<typeof searchAnswerSchema>
