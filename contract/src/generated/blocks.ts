// Generated from cms/src/blocks by `npm run generate:types --workspace cms`: do not edit.
import type { CollectionSlug } from '../collections'

/**
 * Page-builder blocks, in the order editors see them, with the collections each shows beyond
 * links (which only need the target's slug): a change there changes every block-built page.
 */
export const BLOCKS = {
  hero: { embeds: ['media'] },
  richText: { embeds: [] },
  callToAction: { embeds: [] },
  mediaBlock: { embeds: ['media'] },
  servicesGrid: { embeds: ['services'] },
  projectsGrid: { embeds: ['projects'] },
  testimonials: { embeds: ['testimonials'] },
  faq: { embeds: [] },
  demoEmbed: { embeds: ['demos'] },
  contactForm: { embeds: [] },
} as const satisfies Record<string, { embeds: readonly CollectionSlug[] }>
