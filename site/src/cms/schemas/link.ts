/**
 * The CMS's link field: either a custom URL or a reference to a routable document. For a
 * reference the site needs the target's collection and slug, so queries populate those.
 */
import type { Link } from '@cms/types';
import { z } from 'zod';

import { exactly } from './cms-types.ts';
import { idSchema, text } from './common.ts';

export const LINK_TARGETS = exactly<NonNullable<Link['reference']>['relationTo']>()([
  'pages',
  'posts',
  'services',
  'projects',
  'demos',
]);

export type LinkTarget = (typeof LINK_TARGETS)[number];

const referenceSchema = z.object({
  relationTo: z.enum(LINK_TARGETS),
  /** The populated target (only its slug is needed), or a bare ID when not populated. */
  value: z.union([z.object({ id: idSchema, slug: text() }), idSchema]),
});

export const linkSchema = z.object({
  type: z.enum(exactly<NonNullable<Link['type']>>()(['reference', 'custom'])).nullish(),
  newTab: z.boolean().nullish(),
  /** A reference to a collection the site does not route becomes null: the link renders as text. */
  reference: referenceSchema.nullish().catch(null),
  url: text(),
  label: z.string(),
});

export type LinkValue = z.output<typeof linkSchema>;
