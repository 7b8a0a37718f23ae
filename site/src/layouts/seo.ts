/**
 * The head metadata of a page: its own SEO fields first, then what the document offers
 * (title, excerpt, cover image), then the site's `defaultSeo`, then the site name.
 */
import type { MediaItem, Seo } from '../cms/index.ts'
import { shareImage } from '../components/images.ts'

export interface MetaInput {
  siteName: string
  /** The site settings' `defaultSeo`. */
  defaults: Seo
  /** The document's own `seo` group. */
  seo?: Seo
  /** The document's title, used as "Title | Site" when it has no SEO title. */
  title?: string | null
  /** Fallback description, e.g. a post's excerpt. */
  description?: string | null
  /** Fallback share image, e.g. a post's cover. */
  image?: MediaItem | null
  /** Absolute URL of the page (query string ignored). */
  url: URL
  /** Extra query parameters that make a different page (e.g. `category`), kept in the canonical URL. */
  canonicalParams?: readonly string[]
  type?: 'website' | 'article'
  /** Forces noindex (error pages). */
  noIndex?: boolean
}

export interface PageMeta {
  title: string
  description: string | null
  canonical: string
  image: { url: string; width?: number; height?: number; alt: string } | null
  noIndex: boolean
  type: 'website' | 'article'
  siteName: string
}

export function pageMeta(input: MetaInput): PageMeta {
  const { siteName, defaults, seo } = input
  const ownTitle = nonEmpty(seo?.title)
  const docTitle = nonEmpty(input.title)
  const title =
    ownTitle ??
    (docTitle && docTitle !== siteName ? `${docTitle} | ${siteName}` : (nonEmpty(defaults?.title) ?? siteName))
  return {
    title,
    description: nonEmpty(seo?.description) ?? nonEmpty(input.description) ?? nonEmpty(defaults?.description),
    canonical: canonicalUrl(input.url, input.canonicalParams ?? []),
    image: shareImage(seo?.image) ?? shareImage(input.image) ?? shareImage(defaults?.image),
    noIndex: input.noIndex === true || seo?.noIndex === true || defaults?.noIndex === true,
    type: input.type ?? 'website',
    siteName,
  }
}

export function canonicalUrl(url: URL, keep: readonly string[] = []): string {
  const canonical = new URL(url.origin)
  // Set, not resolved: a path such as `//other.host/x` must not change the host.
  canonical.pathname = url.pathname
  for (const name of keep) {
    const value = url.searchParams.get(name)
    if (value !== null && value !== '') canonical.searchParams.set(name, value)
  }
  return canonical.href
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}
