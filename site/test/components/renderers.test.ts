import { readdirSync } from 'node:fs'
import path from 'node:path'

import { BLOCK_SLUGS } from '@mspn/contract'
import { describe, expect, it } from 'vitest'

import { blockSlugOf, renderersBySlug } from '../../src/components/blocks/renderers.ts'

const BLOCKS_DIR = path.resolve(import.meta.dirname, '../../src/components/blocks')

/** The renderer files Blocks.astro globs: every .astro file there but itself. */
const rendererFiles = () =>
  readdirSync(BLOCKS_DIR)
    .filter((file) => file.endsWith('.astro') && file !== 'Blocks.astro')
    .map((file) => `./${file}`)

describe('block renderers, found by name', () => {
  it('maps a PascalCase file name to the camelCase block slug', () => {
    expect(blockSlugOf('./ContactForm.astro')).toBe('contactForm')
    expect(blockSlugOf('./Hero.astro')).toBe('hero')
    expect(blockSlugOf('/abs/path/MediaBlock.astro')).toBe('mediaBlock')
  })

  it('has exactly one renderer for every CMS block, and no renderer without a block', () => {
    const renderers = renderersBySlug(Object.fromEntries(rendererFiles().map((file) => [file, file])))
    const missing = BLOCK_SLUGS.filter((slug) => !renderers.has(slug))
    const orphans = [...renderers.keys()].filter((slug) => !(BLOCK_SLUGS as string[]).includes(slug))
    expect({ missing, orphans }).toEqual({ missing: [], orphans: [] })
    expect(renderers.size).toBe(BLOCK_SLUGS.length)
  })
})
