/**
 * Section switches from the site settings. A disabled section disappears from navigation and
 * its routes answer 404; the contact form's switch removes the form wherever it is placed.
 */
import { COLLECTION_ROUTES } from '@mspn/contract'

import { normalizePath } from './hrefs.ts'

export interface Features {
  blog: boolean
  portfolio: boolean
  demos: boolean
  contactForm: boolean
}

export type Feature = keyof Features

export const ALL_FEATURES_ON: Readonly<Features> = Object.freeze({
  blog: true,
  portfolio: true,
  demos: true,
  contactForm: true,
})

/** Route prefixes owned by a switchable section. */
const SECTION_ROUTES: ReadonlyArray<readonly [prefix: string, feature: Feature]> = [
  [COLLECTION_ROUTES.posts, 'blog'],
  ['/rss.xml', 'blog'],
  [COLLECTION_ROUTES.projects, 'portfolio'],
  [COLLECTION_ROUTES.demos, 'demos'],
]

/** The section a site path belongs to, or null for paths every site has. */
export function featureForPath(path: string): Feature | null {
  const current = normalizePath(path)
  for (const [prefix, feature] of SECTION_ROUTES) {
    if (current === prefix || current.startsWith(`${prefix}/`)) return feature
  }
  return null
}

/** Whether a link to `href` should be shown: external links always, site paths if their section is on. */
export function isHrefEnabled(href: string, features: Features): boolean {
  if (!href.startsWith('/') || href.startsWith('//')) return true
  const feature = featureForPath(href)
  return feature === null || features[feature]
}
