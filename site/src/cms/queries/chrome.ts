/**
 * What every page renders around its content: settings, header navigation, footer. Three
 * globals fetched in parallel, since a page waits for all of them anyway.
 */
import type { CmsClient } from '../client.ts'
import {
  footerSchema,
  navigationSchema,
  siteSettingsSchema,
  type FooterDoc,
  type NavigationDoc,
  type SiteSettings,
} from '../schemas/globals.ts'
import type { FooterSelect, NavigationSelect, SiteSettingsSelect } from '@cms/types'

import type { QueryOptions } from '../collections/reads.ts'
import { POPULATE_LINK_TARGETS } from '../schemas/link.ts'
import { MEDIA_FULL } from '../schemas/media.ts'
import { SEO } from '../schemas/seo.ts'

const SITE_SETTINGS = {
  siteName: true,
  tagline: true,
  contactEmail: true,
  socials: true,
  defaultSeo: SEO,
  analytics: true,
  features: true,
} satisfies SiteSettingsSelect<true>

const NAVIGATION = { items: true } satisfies NavigationSelect<true>

const FOOTER = { columns: true, note: true } satisfies FooterSelect<true>

export interface SiteChrome {
  settings: SiteSettings
  navigation: NavigationDoc
  footer: FooterDoc
}

export async function getSiteChrome(client: CmsClient, options: QueryOptions = {}): Promise<SiteChrome> {
  const [settings, navigation, footer] = await Promise.all([
    client.get('/globals/site-settings', siteSettingsSchema, {
      ...options,
      query: { depth: 1, select: SITE_SETTINGS, populate: { media: MEDIA_FULL } },
    }),
    client.get('/globals/navigation', navigationSchema, {
      ...options,
      query: { depth: 1, select: NAVIGATION, populate: POPULATE_LINK_TARGETS },
    }),
    client.get('/globals/footer', footerSchema, {
      ...options,
      query: { depth: 1, select: FOOTER, populate: POPULATE_LINK_TARGETS },
    }),
  ])
  return { settings, navigation, footer }
}
