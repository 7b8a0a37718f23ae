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

export function registryWithBlock(source: string, slug: string): string {
  return before(source, /^\} as const satisfies Record<string, \{ embeds/m, `  ${slug}: { embeds: [] },\n`)
}

export function configWithCollection(source: string, n: Names): string {
  const imported = afterLast(source, /^import \{ \w+ \} from '\.\/collections\/\w+'\n/gm, `import { ${n.pascal} } from './collections/${n.pascal}'\n`)
  // Beside the other editorial collections, before the reference ones (same order as the registry).
  return before(imported, /^ +Testimonials,\n/m, `        ${n.pascal},\n`)
}

export function seedWithCollection(source: string, n: Names, options: CollectionOptions, stub: string): string {
  let updated = before(source, /^ {2}const nav = /m, `${stub}\n`)
  if (options.inNav && options.routed) {
    updated = updated.replace(/(data: \{ items: \[.*?)(nav\('About')/, `$1nav('${n.label}', '/${n.slug}'), $2`)
  }
  return updated
}

export function blocksIndexWithBlock(source: string, n: Names): string {
  const imported = afterLast(source, /^import \{ \w+ \} from '\.\/\w+'\n/gm, `import { ${n.pascal} } from './${n.pascal}'\n`)
  return before(imported, /^\]\s*$/m, `  ${n.pascal},\n`)
}

export function siteSchemasWithBlock(source: string, n: Names, schema: string): string {
  let updated = before(source, /^\} from '@cms\/types';/m, `  ${n.pascal}Block,\n`)
  updated = before(updated, /^\/\*\* Every block the site can render/m, `${schema.trimStart()}\n`)
  return updated.replace(/(export const knownBlockSchema = z\.discriminatedUnion\('blockType', \[\n(?: {2}\w+,\n)*)/, `$1  ${n.camel}BlockSchema,\n`)
}

export function blocksSwitchWithBlock(source: string, n: Names): string {
  const imported = afterLast(source, /^import \w+ from '\.\/\w+\.astro';\n/gm, `import ${n.pascal} from './${n.pascal}.astro';\n`)
  return before(imported, /^ +default:\n/m, `      case '${n.camel}':\n        return <${n.pascal} block={block} />;\n`)
}

/** A previewable collection's draft: its schema and query in the preview read, its view on /preview. */
export function previewQueryWithCollection(source: string, n: Names): string {
  let updated = before(source, /^import type \{ QueryOptions \}/m, `import { ${n.camel}Schema, ${n.constant}_QUERY, type ${n.pascal}Doc } from '../collections/${n.slug}.ts';\n`)
  updated = updated.replace(/(interface DraftDocs \{\n(?:.*\n)*?)(\})/, `$1  '${n.slug}': ${n.pascal}Doc;\n$2`)
  return updated.replace(
    /(\n {4}case '[\w-]+':\n {6}return .*\n)(\s*\}\n\}\s*)$/,
    `$1    case '${n.slug}':\n      return { collection, doc: (await client.get('/preview', answer(${n.camel}Schema), { ...request, query: ${n.constant}_QUERY })).doc };\n$2`,
  )
}

export function previewPageWithCollection(source: string, n: Names): string {
  const imported = afterLast(source, /^import \w+ from '\.\.\/components\/\w+\.astro';\n/gm, `import ${n.pascal}View from '../components/${n.pascal}View.astro';\n`)
  return before(imported, /^ {2}\) : null\n/m, `  ) : draft?.collection === '${n.slug}' ? (\n    <${n.pascal}View doc={draft.doc} chrome={chrome} preview />\n`)
}

/** Links to a routed collection need its slug populated (the type check asks for every routed collection). */
export function selectionsWithCollection(source: string, n: Names): string {
  return before(source, /^\} satisfies Populate & Record<RoutedCollection, unknown>;/m, `  '${n.slug}': { slug: true },\n`)
}

/** The section and each published document in /sitemap.xml. */
export function sitemapWithCollection(source: string, n: Names): string {
  let updated = afterLast(source, /^import .*;\n/gm, `import { list${n.pascal} } from '../cms/collections/${n.slug}.ts';\n`)
  if (!/^import \{ cms \} from '\.\.\/cms\/index\.ts';$/m.test(updated)) {
    updated = afterLast(updated, /^import .*;\n/gm, `import { cms } from '../cms/index.ts';\n`)
  }
  return updated.replace(
    /^( *)(const entries = .*\n)/m,
    `$1$2$1entries.push(...['/${n.slug}', ...(await list${n.pascal}(cms.client)).map((doc) => \`/${n.slug}/\${doc.slug}\`)].map((path) => ({ loc: new URL(path, siteOrigin()).href })));\n`,
  )
}
