/**
 * What every page shows around its content — site name, navigation, footer, feature flags,
 * SEO defaults — taken from the CMS globals, with a built-in fallback so a page still renders
 * (and can explain itself) when the CMS cannot be reached.
 */
import type { SiteChrome } from '../cms/index.ts'
import type { LinkValue, Seo } from '../cms/index.ts'
import { ALL_FEATURES_ON, isHrefEnabled, type Features } from '../routing/features.ts'
import { linkHref } from '../routing/hrefs.ts'
import { safeUrl } from '../lib/richText.ts'

export interface NavLink {
  label: string
  href: string
  newTab: boolean
}

export interface FooterColumn {
  heading: string
  links: NavLink[]
}

export interface SocialLink {
  platform: string | null
  url: string
}

export interface Chrome {
  /** False when this is the fallback because the CMS did not answer. */
  available: boolean
  siteName: string
  tagline: string | null
  contactEmail: string | null
  socials: SocialLink[]
  defaultSeo: Seo
  features: Features
  navigation: NavLink[]
  footer: { columns: FooterColumn[]; note: string | null }
}

export const FALLBACK_SITE_NAME = 'MSPN DEV'

/** Shown when the CMS is unreachable: enough to find one's way once it is back. */
export const FALLBACK_CHROME: Readonly<Chrome> = Object.freeze({
  available: false,
  siteName: FALLBACK_SITE_NAME,
  tagline: null,
  contactEmail: null,
  socials: [],
  defaultSeo: null,
  features: ALL_FEATURES_ON,
  navigation: [
    { label: 'Services', href: '/services', newTab: false },
    { label: 'Work', href: '/projects', newTab: false },
    { label: 'Blog', href: '/blog', newTab: false },
    { label: 'Contact', href: '/contact', newTab: false },
  ],
  footer: { columns: [], note: null },
})

/** Links with a usable href whose section is switched on; the rest are left out. */
export function navLinks(items: ReadonlyArray<{ link: LinkValue }>, features: Features): NavLink[] {
  return items.flatMap(({ link }) => {
    const href = linkHref(link)
    if (href === null || !isHrefEnabled(href, features) || link.label.trim() === '') return []
    return [{ label: link.label, href, newTab: link.newTab === true }]
  })
}

export function toChrome({ settings, navigation, footer }: SiteChrome): Chrome {
  const features = settings.features
  return {
    available: true,
    siteName: settings.siteName,
    tagline: settings.tagline ?? null,
    contactEmail: settings.contactEmail ?? null,
    socials: settings.socials.flatMap((social) => {
      const url = safeUrl(social.url)
      return url === null ? [] : [{ platform: social.platform ?? null, url }]
    }),
    defaultSeo: settings.defaultSeo,
    features,
    navigation: navLinks(navigation.items, features),
    footer: {
      columns: footer.columns
        .map((column) => ({ heading: column.heading, links: navLinks(column.links, features) }))
        .filter((column) => column.links.length > 0),
      note: footer.note ?? null,
    },
  }
}

export type ChromeLoader = (key: object) => Promise<Chrome>

/**
 * A loader that asks the CMS once per `key` (the request: the page and its layout share one
 * answer) and never throws: any failure gives the fallback chrome. The CMS client already
 * logs each failed attempt with its request ID.
 */
export function createChromeLoader(fetchChrome: () => Promise<SiteChrome>): ChromeLoader {
  const answers = new WeakMap<object, Promise<Chrome>>()
  return (key) => {
    let answer = answers.get(key)
    if (answer === undefined) {
      answer = fetchChrome().then(toChrome, () => FALLBACK_CHROME)
      answers.set(key, answer)
    }
    return answer
  }
}
