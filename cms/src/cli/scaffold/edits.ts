/**
 * The entries the scaffold adds to files people also edit by hand. Each edit finds its place by
 * a landmark in the file and fails loudly when the landmark is gone (the run then rolls back):
 * better no scaffold than a half-wired one.
 */
import type { Names } from './names'
import type { CollectionOptions } from './templates'

/** Inserts `text` before the first match of `landmark`, or returns the input unchanged (edit() reports it). */
function before(source: string, landmark: RegExp, text: string): string {
  const match = landmark.exec(source)
  return match ? source.slice(0, match.index) + text + source.slice(match.index) : source
}

/** Inserts `text` after the last match of the global `landmark`. */
function afterLast(source: string, landmark: RegExp, text: string): string {
  const matches = [...source.matchAll(landmark)]
  const last = matches.at(-1)
  if (!last) return source
  const end = last.index + last[0].length
  return source.slice(0, end) + text + source.slice(end)
}

/** The new collection sits after the routed ones, the order the admin lists them in. */
export function registryWithCollection(source: string, entry: string): string {
  const start = source.indexOf('export const COLLECTIONS = {')
  const end = source.indexOf('} as const satisfies Record<string, CollectionFacts>', start)
  if (start < 0 || end < 0) return source
  const body = source.slice(start, end)
  const updated = /route: /.test(body) ? afterLast(body, /^.*route: .*\n/gm, entry) : body + entry
  return source.slice(0, start) + updated + source.slice(end)
}

export function configWithCollection(source: string, n: Names): string {
  const imported = afterLast(
    source,
    /^import \{ \w+ \} from '\.\/collections\/\w+'\n/gm,
    `import { ${n.pascal} } from './collections/${n.pascal}'\n`,
  )
  // Beside the other editorial collections, before the reference ones (same order as the registry).
  return before(imported, /^ +Testimonials,\n/m, `        ${n.pascal},\n`)
}

export function seedWithCollection(source: string, n: Names, options: CollectionOptions, stub: string): string {
  let updated = before(source, /^ {2}const nav = /m, `${stub}\n`)
  if (options.inNav && options.routed) {
    updated = updated.replace(/^( +)nav\('About', '\/about'\),\n/m, `$1nav('${n.label}', '/${n.slug}'),\n$&`)
  }
  return updated
}

export function blocksIndexWithBlock(source: string, n: Names): string {
  const imported = afterLast(
    source,
    /^import \{ \w+ \} from '\.\/\w+'\n/gm,
    `import { ${n.pascal} } from './${n.pascal}'\n`,
  )
  return before(imported, /^\]\s*$/m, `  ${n.pascal},\n`)
}

/** The site file in the list of collections the site reads (and previews, when previewable). */
export function siteCollectionsWithCollection(source: string, n: Names, options: CollectionOptions): string {
  // Keyed by collection slug (the static store and the preview look collections up by it).
  const entry = n.slug === n.camel ? n.camel : `'${n.slug}': ${n.camel}`
  const list = (name: string, text: string) =>
    // One line or (once Prettier breaks a long list) one entry a line, with a trailing comma.
    text.replace(new RegExp(`(export const ${name} = \\{[^}]*?)(,?)(\\s*\\} satisfies)`), `$1, ${entry}$2$3`)
  let updated = afterLast(
    source,
    /^import \{ \w+ \} from '\.\/\w+\.ts'\n/gm,
    `import { ${n.camel} } from './${n.camel}.ts'\n`,
  )
  updated = list('SITE_COLLECTIONS', updated)
  if (options.previewable) updated = list('PREVIEW_COLLECTIONS', updated)
  return afterLast(updated, /^export \* from '\.\/\w+\.ts'\n/gm, `export * from './${n.camel}.ts'\n`)
}

/** A previewable collection's draft renders through its view on /preview. */
export function previewPageWithCollection(source: string, n: Names): string {
  const imported = afterLast(
    source,
    /^import \w+ from '\.\.\/views\/\w+\.astro'\n/gm,
    `import ${n.pascal}View from '../views/${n.pascal}View.astro'\n`,
  )
  return before(
    imported,
    /^\) : null\}\s*$/m,
    `) : draft?.collection === '${n.slug}' ? (\n  <${n.pascal}View doc={draft.doc} chrome={chrome} preview />\n`,
  )
}
