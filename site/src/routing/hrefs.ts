/**
 * Where things live on the site: the path of each routable CMS document, the href of a CMS
 * link field, and whether a navigation link points at the page being shown. Every href that
 * comes from the CMS passes `safeUrl`, so an editor cannot place a `javascript:` link.
 */
import { COLLECTION_ROUTES, HOME_PAGE_SLUG, isRoutedCollection } from '@mspn/contract'

import type { LinkValue } from '../cms/index.ts'
import { safeUrl } from '../lib/richText.ts'

/** The CMS page rendered at `/`. */
export const HOME_SLUG = HOME_PAGE_SLUG

/** The site path of a document, or null for a collection the site does not route (routes: the registry in @mspn/contract). */
export function documentPath(relationTo: string, slug: string): string | null {
  if (!isRoutedCollection(relationTo) || slug === '') return null
  const prefix = COLLECTION_ROUTES[relationTo]
  if (relationTo === 'pages' && slug === HOME_SLUG) return '/'
  return `${prefix}/${encodeURIComponent(slug)}`
}

/** `resolveLink` for renderRichText: internal links in rich text point at site routes. */
export function richTextLink(relationTo: string, doc: unknown): string | null {
  if (typeof doc !== 'object' || doc === null || !('slug' in doc)) return null
  const slug: unknown = doc.slug
  return typeof slug === 'string' ? documentPath(relationTo, slug) : null
}

/**
 * The href of a link field: a reference becomes the target's path (null when the target was
 * not populated or is not routed), a custom URL is used as written if it is safe. In-page
 * anchors (`#contact`) are allowed too.
 */
export function linkHref(link: LinkValue): string | null {
  if (link.type === 'reference' || (link.type == null && link.reference != null)) {
    const value = link.reference?.value
    if (typeof value !== 'object' || value === null || typeof value.slug !== 'string') return null
    return documentPath(link.reference!.relationTo, value.slug)
  }
  const url = link.url?.trim() ?? ''
  if (/^#[\w-]+$/.test(url)) return url
  return safeUrl(url)
}

export interface AnchorAttributes {
  href: string
  target?: '_blank'
  rel?: string
}

/** Attributes for an <a> from a link field, or null when it cannot be a link. */
export function linkAttributes(link: LinkValue): AnchorAttributes | null {
  const href = linkHref(link)
  if (href === null) return null
  return link.newTab === true ? { href, target: '_blank', rel: 'noopener noreferrer' } : { href }
}

/** Path without a trailing slash (except the root), for comparing routes. */
export function normalizePath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? ''
  const trimmed = bare.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

/**
 * `aria-current` for a navigation link: `page` on the page itself, `true` on a section link
 * while a page inside that section is shown (e.g. "Blog" on a post), otherwise undefined.
 * External links are never current.
 */
export function ariaCurrent(href: string, pathname: string): 'page' | 'true' | undefined {
  if (!href.startsWith('/') || href.startsWith('//')) return undefined
  const target = normalizePath(href)
  const current = normalizePath(pathname)
  if (target === current) return 'page'
  if (target !== '/' && current.startsWith(`${target}/`)) return 'true'
  return undefined
}
