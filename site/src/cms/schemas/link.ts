/**
 * The CMS's link field: either a custom URL or a reference to a routable document. For a
 * reference the site needs the target's collection and slug, so queries populate those.
 */
import type { Link } from '@cms/types'
import { ROUTED_COLLECTIONS, type RoutedCollection } from '@mspn/contract'
import { z } from 'zod'

import { exactly, sameUnion, type Populate } from './cmsTypes.ts'
import { idSchema, text } from './common.ts'

/** The collections the site routes (the registry), which are what the CMS's link field may reference. */
export const LINK_TARGETS = ROUTED_COLLECTIONS
sameUnion<NonNullable<Link['reference']>['relationTo'], RoutedCollection>(true)

export type LinkTarget = RoutedCollection

const referenceSchema = z.object({
  relationTo: z.enum(LINK_TARGETS),
  /** The populated target (only its slug is needed), or a bare ID when not populated. */
  value: z.union([z.object({ id: idSchema, slug: text() }), idSchema]),
})

export const linkSchema = z.object({
  type: z.enum(exactly<NonNullable<Link['type']>>()(['reference', 'custom'])).nullish(),
  newTab: z.boolean().nullish(),
  /** A reference to a collection the site does not route becomes null: the link renders as text. */
  reference: referenceSchema.nullish().catch(null),
  url: text(),
  label: z.string(),
})

export type LinkValue = z.output<typeof linkSchema>

/** Link references in navigation, footer, blocks and rich text: a target needs only its slug to become an href. */
export const POPULATE_LINK_TARGETS = Object.fromEntries(LINK_TARGETS.map((slug) => [slug, { slug: true }])) as {
  [Slug in LinkTarget]: { slug: true }
} satisfies Populate
