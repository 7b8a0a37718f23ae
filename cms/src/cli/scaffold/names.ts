/**
 * The names a scaffold derives from a slug, and the rules a slug must pass before anything is
 * written: its shape, the words the site or Payload already route, and what is already taken.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Collection slugs: kebab case, short enough for PostgreSQL identifiers once Payload adds `_v_version_…`. */
const COLLECTION_SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
export const MAX_SLUG_LENGTH = 30

/** Block names: camelCase or kebab case (turned into camelCase, Payload's style for block slugs). */
const BLOCK_NAME = /^[a-z][a-zA-Z0-9]*(?:-[a-z0-9]+)*$/

/**
 * Words a collection may not take although no collection has them: Payload's own routes and
 * prefixes, and paths the site, its host or its tooling serve. The site's top-level pages and the
 * registry's slugs and routes are added from the tree at run time (see reservedWords).
 */
const RESERVED = [
  'admin',
  'api',
  'graphql',
  'graphql-playground',
  'access',
  'payload',
  'versions',
  'globals',
  '_next',
  '_astro',
  '_cache',
  '_image',
  'assets',
  'static',
  'public',
  'favicon',
  'preview',
  'search',
  'media',
  'users',
  'blog',
  'health',
  'healthz',
  'ready',
  'metrics',
  'uploads',
  'rss',
  'sitemap',
  'robots',
  'feed',
  'login',
  'logout',
  'new',
  'index',
]

export interface Names {
  /** Payload slug and site route segment: `case-studies`. */
  slug: string
  /** Folder, export and type names: `CaseStudies`. */
  pascal: string
  /** Identifiers: `caseStudies`. */
  camel: string
  /** What editors and visitors read: `Case studies`. */
  label: string
  /** Constants: `CASE_STUDIES`. */
  constant: string
}

function words(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .split('-')
    .filter(Boolean)
    .map((word) => word.toLowerCase())
}

export function namesOf(value: string): Names {
  const parts = words(value)
  const pascal = parts.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')
  const label = parts.join(' ')
  return {
    slug: parts.join('-'),
    pascal,
    camel: pascal[0]!.toLowerCase() + pascal.slice(1),
    label: label[0]!.toUpperCase() + label.slice(1),
    constant: parts.join('_').toUpperCase(),
  }
}

/** Block slug (camelCase) for a block name given in either case. */
export const blockSlugOf = (name: string): string => namesOf(name).camel

/** What is already in the tree: collection and block slugs, site routes, top-level site pages. */
export interface Taken {
  collections: readonly string[]
  blocks: readonly string[]
  /** Route prefixes of routed collections, without the leading slash ('' for the root). */
  routes: readonly string[]
  /** Names under site/src/pages (extension and brackets removed). */
  sitePages: readonly string[]
}

/** The top-level names of the site's pages folder: `blog`, `sitemap.xml` → `sitemap`, `[slug]` → skipped. */
export function sitePageNames(pagesDir: string): string[] {
  if (!fs.existsSync(pagesDir)) return []
  return fs
    .readdirSync(pagesDir)
    .filter((entry) => !entry.startsWith('['))
    .map((entry) => path.basename(entry).split('.')[0]!)
}

export function reservedWords(taken: Taken): Set<string> {
  return new Set([...RESERVED, ...taken.sitePages, ...taken.routes.filter(Boolean)])
}

/** Why `slug` cannot be a new collection, or null when it can. */
export function collectionSlugProblem(slug: string, taken: Taken): string | null {
  if (!COLLECTION_SLUG.test(slug)) {
    return `"${slug}" is not a valid collection slug: use lower-case letters, digits and single hyphens, starting with a letter (e.g. case-studies).`
  }
  if (slug.length > MAX_SLUG_LENGTH)
    return `"${slug}" is too long: at most ${MAX_SLUG_LENGTH} characters (database table names grow from it).`
  if (slug.startsWith('payload-'))
    return `"${slug}" is reserved: Payload keeps the payload- prefix for its own collections.`
  if (taken.collections.includes(slug))
    return `"${slug}" is already taken: the registry (contract/src/collections.ts) has a collection with that slug.`
  if (reservedWords(taken).has(slug))
    return `"${slug}" is reserved: the site or Payload already answers at /${slug}. Pick another slug.`
  const names = namesOf(slug)
  if (taken.collections.some((other) => namesOf(other).pascal === names.pascal)) {
    return `"${slug}" is already taken: another collection has the same name (${names.pascal}).`
  }
  return null
}

/** Why `name` cannot be a new block, or null when it can. */
export function blockNameProblem(name: string, taken: Taken): string | null {
  if (!BLOCK_NAME.test(name)) {
    return `"${name}" is not a valid block name: use letters and digits in camelCase or kebab case, starting with a lower-case letter (e.g. pricingTable).`
  }
  const slug = blockSlugOf(name)
  if (slug.length > MAX_SLUG_LENGTH) return `"${name}" is too long: at most ${MAX_SLUG_LENGTH} characters.`
  if (taken.blocks.includes(slug))
    return `"${slug}" is already taken: the registry (contract/src/collections.ts) has a block with that name.`
  // A block's interface is <Name>Block and its file <Name>.ts; a collection of the same name would clash in payload-types.ts.
  if (taken.collections.some((collection) => namesOf(collection).pascal === namesOf(slug).pascal)) {
    return `"${slug}" is already taken: a collection has the same name (${namesOf(slug).pascal}).`
  }
  return null
}
