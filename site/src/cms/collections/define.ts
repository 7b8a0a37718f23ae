/**
 * The shape of a site collection file (./<slug>.ts): the collection's zod schemas, what each
 * read selects, and its list spec. The HTTP client (./reads.ts) sends these to the CMS and the
 * static export evaluates the very same list request over its store (./list.ts), so neither
 * restates a query. A routed collection with a title, summary, rich-text body and SEO is:
 *
 *   export const thingSchema = z.object({ id: idSchema, title: titleSchema, slug: slugSchema,
 *     summary: text(), body: richTextSchema.nullish(), seo: seoSchema } satisfies FieldsOf<Thing>);
 *   export const things = defineCollection('things', {
 *     card: { schema: thingSchema.pick({ id: true, title: true, slug: true, summary: true }), depth: 0 },
 *     doc: { schema: thingSchema, depth: 1, groups: { seo: SEO }, populate: { media: MEDIA_FULL } },
 *     sort: 'title', // only when the registry has no defaultSort for it
 *     embeds: ['media'],
 *   });
 *
 * plus its line in ./index.ts (SITE_COLLECTIONS, and PREVIEW_COLLECTIONS when previewable).
 */
import type { Config } from '@cms/types'
import { COLLECTIONS, type CollectionFacts, type CollectionSlug } from '@mspn/contract'
import type { z } from 'zod'

import type { QueryParams, QueryValue } from '../queryString.ts'
import type { Populate } from '../schemas/cmsTypes.ts'
import type { ListRequest } from './list.ts'

/** Collections that the CMS generates types for and the registry knows. */
export type SiteSlug = keyof Config['collections'] & CollectionSlug

/** Nested `select` for group fields (e.g. `{ seo: SEO }`); every other field is selected whole. */
type Groups<Schema extends z.ZodObject> = { [Field in keyof Schema['shape']]?: Record<string, QueryValue> }

/** One read: the schema that checks the answer (its fields are what is selected), depth and populate. */
export interface Selection<Schema extends z.ZodObject = z.ZodObject> {
  schema: Schema
  depth: number
  groups?: Groups<Schema>
  populate?: Populate
}

type Registry = typeof COLLECTIONS

/**
 * The list order: the registry's `defaultSort` when it has one (optionally with a tie-break),
 * else the file names it. Stating a sort the registry already holds does not compile.
 */
type SortSpec<Slug extends SiteSlug> = Registry[Slug] extends { defaultSort: string }
  ? { thenBy?: string }
  : { sort: string }

/** Turns a caller's list parameters into a list request, or null when no document can match (malformed values from a URL). */
export type ListSpec<Params> = (params: Params | undefined, base: ListRequest) => ListRequest | null

export type CollectionDefinition<Slug extends SiteSlug, Card extends z.ZodObject, Doc extends z.ZodObject, Params> = {
  /** What lists show (cards, sitemap entries). */
  card: Selection<Card>
  /** What the document's own page (and its draft preview) renders. */
  doc: Selection<Doc>
  /** Collections whose documents appear inside these: a change there refetches every stored entry. */
  embeds: readonly CollectionSlug[]
  /** Default: every document (up to `limit`, 100) in the list order. */
  list?: ListSpec<Params>
  limit?: number
} & SortSpec<Slug>

export interface SiteCollection<
  Slug extends SiteSlug = SiteSlug,
  Card extends z.ZodObject = z.ZodObject,
  Doc extends z.ZodObject = z.ZodObject,
  Params = never,
> {
  slug: Slug
  card: Selection<Card>
  doc: Selection<Doc>
  embeds: readonly CollectionSlug[]
  list(params?: Params): ListRequest | null
}

export type CardOf<C> = C extends SiteCollection<SiteSlug, infer Card> ? z.output<Card> : never
export type DocOf<C> = C extends SiteCollection<SiteSlug, z.ZodObject, infer Doc> ? z.output<Doc> : never
export type ParamsOf<C> = C extends SiteCollection<SiteSlug, z.ZodObject, z.ZodObject, infer Params> ? Params : never
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collection, whatever its schemas and parameters
export type AnySiteCollection = SiteCollection<SiteSlug, z.ZodObject, z.ZodObject, any>

/** A studio's collections are small: one request without counting is enough. */
const ALL = 100

export function defineCollection<
  Slug extends SiteSlug,
  Card extends z.ZodObject,
  Doc extends z.ZodObject,
  Params = never,
>(slug: Slug, definition: CollectionDefinition<Slug, Card, Doc, Params>): SiteCollection<Slug, Card, Doc, Params> {
  const registered: CollectionFacts = COLLECTIONS[slug]
  const spec: { sort?: string; thenBy?: string } = definition
  const sort = [registered.defaultSort ?? spec.sort, spec.thenBy].filter(Boolean).join(',')
  const base: ListRequest = { sort, limit: definition.limit ?? ALL }
  const list = definition.list
  return {
    slug,
    card: definition.card,
    doc: definition.doc,
    embeds: definition.embeds,
    list: (params) => (list ? list(params, base) : base),
  }
}

/** `select` for a read: every field of its schema except `id` (always sent), groups narrowed as given. */
export function selectOf({ schema, groups }: Selection): Record<string, QueryValue> {
  const nested: Record<string, QueryValue | undefined> = groups ?? {}
  return Object.fromEntries(
    Object.keys(schema.shape)
      .filter((field) => field !== 'id')
      .map((field) => [field, nested[field] ?? true]),
  )
}

/**
 * A read's `select` as `populate[slug]` takes it (documents of `slug` shown inside another's).
 * The cast is sound: schemas may only name fields of their CMS document (FieldsOf).
 */
export function populateWith<Slug extends SiteSlug>(slug: Slug, selection: Selection): NonNullable<Populate[Slug]> {
  void slug
  return selectOf(selection) as NonNullable<Populate[Slug]>
}

/** depth, select and populate of a read, as query parameters. */
export function selectionQuery(selection: Selection): QueryParams {
  return {
    depth: selection.depth,
    select: selectOf(selection),
    ...(selection.populate ? { populate: selection.populate as QueryValue } : {}),
  }
}
