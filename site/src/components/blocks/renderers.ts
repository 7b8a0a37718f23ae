/**
 * How Blocks.astro finds a block's renderer: by name. `blocks/<Name>.astro` renders the CMS
 * block whose slug is `<name>` (PascalCase file, camelCase slug: `ContactForm.astro` ↔
 * `contactForm`), so adding a block needs no list here. Every renderer takes the same props.
 */
import type { BlockOfType, KnownBlockType } from '../../cms/index.ts'
import type { Chrome } from '../../layouts/chrome.ts'

export interface BlockProps<T extends KnownBlockType> {
  block: BlockOfType<T>
  /** Index among the page's known blocks: 0 opens the page. */
  position: number
  chrome: Chrome
  /** True when the page already rendered its own h1 (so an opening hero uses h2). */
  hasPageHeading: boolean
  /** The page's path, recorded with contact form submissions. */
  sourcePage: string
}

/** `./ContactForm.astro` → `contactForm`. */
export function blockSlugOf(file: string): string {
  const name = file.replace(/^.*\//, '').replace(/\.astro$/, '')
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/** Renderer modules (from `import.meta.glob`) keyed by the slug of the block each renders. */
export function renderersBySlug<Module>(modules: Record<string, Module>): Map<string, Module> {
  return new Map(Object.entries(modules).map(([file, module]) => [blockSlugOf(file), module]))
}
