/**
 * A page's layout: known blocks are validated strictly (a malformed hero is a CMS bug worth
 * an error), while a block type the site does not know yet — the CMS deployed a new block
 * before the site — parses as a bare `{ blockType }` the renderer skips, instead of taking
 * the whole page down.
 */
import type { Page } from '@cms/types'
import { BLOCK_SLUGS, type BlockSlug } from '@mspn/contract'
import { z } from 'zod'

import { knownBlockSchema, type KnownBlock } from '../generated/blocks.ts'
import { sameUnion } from './cmsTypes.ts'
import { text } from './common.ts'

/** The registry's blocks (@mspn/contract), which must be the CMS's. */
export const KNOWN_BLOCK_TYPES = BLOCK_SLUGS
sameUnion<Page['layout'][number]['blockType'], BlockSlug>(true)

const known = new Set<string>(KNOWN_BLOCK_TYPES)

export const unknownBlockSchema = z.object({ blockType: z.string(), id: text(), blockName: text() })

export type UnknownBlock = z.output<typeof unknownBlockSchema>
export type LayoutBlock = KnownBlock | UnknownBlock

export const layoutBlockSchema = z.looseObject({ blockType: z.string() }).transform((raw, ctx): LayoutBlock => {
  if (!known.has(raw.blockType)) {
    const unknown = unknownBlockSchema.safeParse(raw)
    return unknown.success ? unknown.data : { blockType: raw.blockType }
  }
  const parsed = knownBlockSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue })
  return z.NEVER
})

/** Narrows a layout entry to a block the site renders; the others are to be skipped. */
export function isKnownBlock(block: LayoutBlock): block is KnownBlock {
  return known.has(block.blockType)
}
