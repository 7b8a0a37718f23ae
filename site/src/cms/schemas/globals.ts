/** The three globals every page needs: settings (name, SEO defaults, feature flags), header navigation, footer. */
import type { Footer, Navigation, SiteSetting } from '@cms/types'
import { z } from 'zod'

import { exactly, type FieldsOf } from './cmsTypes.ts'
import { idSchema, lenientEnum, list, text } from './common.ts'
import { linkSchema } from './link.ts'
import { seoSchema } from './seo.ts'

export const SOCIAL_PLATFORMS = exactly<NonNullable<SiteSetting['socials']>[number]['platform']>()([
  'github',
  'linkedin',
  'x',
  'mastodon',
  'bluesky',
  'youtube',
  'dribbble',
])

/** A section switch: unset means on, so a fresh CMS shows the whole site. */
const featureFlag = z
  .boolean()
  .nullish()
  .transform((value) => value !== false)

export const siteSettingsSchema = z.object({
  id: idSchema.optional(),
  siteName: z.string().min(1),
  tagline: text(),
  contactEmail: text(),
  socials: list(z.object({ platform: lenientEnum(SOCIAL_PLATFORMS), url: z.string() })),
  defaultSeo: seoSchema,
  analytics: z
    .object({ plausibleDomain: text(), googleAnalyticsId: text(), sentryDsn: text() } satisfies FieldsOf<
      NonNullable<SiteSetting['analytics']>
    >)
    .nullish(),
  features: z.preprocess(
    (value) => value ?? {},
    z.object({
      blog: featureFlag,
      portfolio: featureFlag,
      demos: featureFlag,
      contactForm: featureFlag,
    } satisfies FieldsOf<NonNullable<SiteSetting['features']>>),
  ),
} satisfies FieldsOf<SiteSetting>)

const navItemSchema = z.object({ link: linkSchema })

export const navigationSchema = z.object({
  id: idSchema.optional(),
  items: list(navItemSchema),
} satisfies FieldsOf<Navigation>)

export const footerSchema = z.object({
  id: idSchema.optional(),
  columns: list(z.object({ heading: z.string(), links: list(navItemSchema) })),
  note: text(),
} satisfies FieldsOf<Footer>)

export type SiteSettings = z.output<typeof siteSettingsSchema>
export type NavigationDoc = z.output<typeof navigationSchema>
export type FooterDoc = z.output<typeof footerSchema>
