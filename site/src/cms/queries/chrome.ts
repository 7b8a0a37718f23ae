/**
 * What every page renders around its content: settings, header navigation, footer. Three
 * globals fetched in parallel, since a page waits for all of them anyway. A preview reads the
 * editor's drafts of the same three with the same selection, through the preview token.
 */
import type { PublicGlobal } from '@mspn/contract'
import { PREVIEW_TOKEN_HEADER } from '@mspn/contract/preview-token'
import { z } from 'zod'

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

/** How each global is read: the same fields and population for the public page and its preview. */
const READS = {
  'site-settings': {
    schema: siteSettingsSchema,
    query: { depth: 1, select: SITE_SETTINGS, populate: { media: MEDIA_FULL } },
  },
  navigation: { schema: navigationSchema, query: { depth: 1, select: NAVIGATION, populate: POPULATE_LINK_TARGETS } },
  footer: { schema: footerSchema, query: { depth: 1, select: FOOTER, populate: POPULATE_LINK_TARGETS } },
} as const satisfies Record<PublicGlobal, { schema: z.ZodType; query: object }>

export async function getSiteChrome(client: CmsClient, options: QueryOptions = {}): Promise<SiteChrome> {
  const read = <G extends PublicGlobal>(slug: G) =>
    client.get(`/globals/${slug}`, READS[slug].schema, { ...options, query: READS[slug].query }) as Promise<
      z.infer<(typeof READS)[G]['schema']>
    >
  const [settings, navigation, footer] = await Promise.all([read('site-settings'), read('navigation'), read('footer')])
  return { settings, navigation, footer }
}

/**
 * The chrome as the editor holding a preview token will publish it: their latest drafts of the
 * three globals (`GET /api/v1/preview/globals/<slug>`). Throws as getPreviewDraft does.
 */
export async function getPreviewChrome(
  client: CmsClient,
  token: string,
  options: QueryOptions = {},
): Promise<SiteChrome> {
  const read = async <G extends PublicGlobal>(slug: G) => {
    const answer = await client.get(`/preview/globals/${slug}`, z.object({ doc: READS[slug].schema }), {
      ...options,
      headers: { [PREVIEW_TOKEN_HEADER]: token },
      query: READS[slug].query,
    })
    return answer.doc as z.infer<(typeof READS)[G]['schema']>
  }
  const [settings, navigation, footer] = await Promise.all([read('site-settings'), read('navigation'), read('footer')])
  return { settings, navigation, footer }
}
