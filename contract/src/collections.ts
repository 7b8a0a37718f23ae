/**
 * The collection registry: the facts about each collection, global and block that the CMS and
 * the site must agree on. Each is declared here once; both workspaces derive their lists from it
 * (public reads and cache purges in the CMS, routes, cache tags and preview on the site).
 * The Payload configs themselves stay in cms/src/collections; a CMS test fails when a collection
 * is readable by anonymous visitors, or routed on the site, without an entry here, and when an
 * entry names a collection the config lacks.
 */
import { BLOCKS } from './generated/blocks'

export interface CollectionFacts {
  /** Anonymous visitors may read (published) documents: the public API, its response cache, the site, cache purges. */
  public: boolean
  /** Editors can open drafts on the site through a signed preview link. */
  previewable?: boolean
  /** Site path prefix of a document (`<route>/<slug>`), '' for the root. Absent: the site has no page per document. */
  route?: string
  /** Order of public lists when none is asked for, in Payload's `sort` syntax (the editorial factory applies it). */
  defaultSort?: string
}

/** Every collection of ours, in the order the admin lists them (and link fields offer them). */
export const COLLECTIONS = {
  pages: { public: true, previewable: true, route: '' },
  posts: { public: true, previewable: true, route: '/blog', defaultSort: '-publishedAt' },
  services: { public: true, previewable: true, route: '/services', defaultSort: 'order' },
  projects: { public: true, previewable: true, route: '/projects', defaultSort: '-year' },
  demos: { public: true, previewable: true, route: '/demos' },
  testimonials: { public: true },
  categories: { public: true },
  media: { public: true },
  redirects: { public: true, defaultSort: 'from' },
  inquiries: { public: false },
  users: { public: false },
  'audit-logs': { public: false },
} as const satisfies Record<string, CollectionFacts>

export type CollectionSlug = keyof typeof COLLECTIONS
type Registry = typeof COLLECTIONS
type SlugsWhere<Fact> = { [S in CollectionSlug]: Registry[S] extends Fact ? S : never }[CollectionSlug]

export type PublicCollection = SlugsWhere<{ public: true }>
export type PreviewableCollection = SlugsWhere<{ previewable: true }>
export type RoutedCollection = SlugsWhere<{ route: string }>

const slugs = Object.keys(COLLECTIONS) as CollectionSlug[]
const facts = (slug: CollectionSlug): CollectionFacts => COLLECTIONS[slug]

export const PUBLIC_COLLECTIONS = slugs.filter((slug) => facts(slug).public) as readonly PublicCollection[]
export const PREVIEWABLE_COLLECTIONS = slugs.filter(
  (slug) => facts(slug).previewable === true,
) as readonly PreviewableCollection[]
export const ROUTED_COLLECTIONS = slugs.filter((slug) => facts(slug).route !== undefined) as readonly RoutedCollection[]

/** The page (collection `pages`) the site renders at `/` rather than at `/<slug>`. */
export const HOME_PAGE_SLUG = 'home'

/** Site path prefix of each routed collection. */
export const COLLECTION_ROUTES = Object.fromEntries(
  ROUTED_COLLECTIONS.map((slug) => [slug, COLLECTIONS[slug].route]),
) as {
  readonly [S in RoutedCollection]: Registry[S]['route']
}

const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value)

export const isCollectionSlug = (value: unknown): value is CollectionSlug => includes(slugs, value)
export const isPublicCollection = (value: unknown): value is PublicCollection => includes(PUBLIC_COLLECTIONS, value)
export const isPreviewableCollection = (value: unknown): value is PreviewableCollection =>
  includes(PREVIEWABLE_COLLECTIONS, value)
export const isRoutedCollection = (value: unknown): value is RoutedCollection => includes(ROUTED_COLLECTIONS, value)

/** Globals anyone may read; the site shows all three on every page (its chrome). */
export const PUBLIC_GLOBALS = ['site-settings', 'navigation', 'footer'] as const
export type PublicGlobal = (typeof PUBLIC_GLOBALS)[number]
export const isPublicGlobal = (value: unknown): value is PublicGlobal => includes(PUBLIC_GLOBALS, value)

/** Page-builder blocks and what each embeds: generated from the CMS block configs (cms/src/blocks). */
export { BLOCKS }

export type BlockSlug = keyof typeof BLOCKS
export const BLOCK_SLUGS = Object.keys(BLOCKS) as BlockSlug[]

/** Collections any block-built page may show, in registry order. */
export const BLOCK_EMBEDS: readonly CollectionSlug[] = slugs.filter((slug) =>
  BLOCK_SLUGS.some((block) => (BLOCKS[block].embeds as readonly string[]).includes(slug)),
)
