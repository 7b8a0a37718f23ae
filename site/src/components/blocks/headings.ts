/**
 * Heading order on block-built pages: a page has one h1. When the layout opens with a hero,
 * the hero's heading is that h1; otherwise the page renders its title as the h1 and every
 * hero inside it uses h2.
 */
import { isKnownBlock, type LayoutBlock } from '../../cms/index.ts'

export function startsWithHero(blocks: readonly LayoutBlock[]): boolean {
  return blocks.find(isKnownBlock)?.blockType === 'hero'
}
