/**
 * What every page renders around its content: settings, header navigation, footer. Three
 * globals fetched in parallel, since a page waits for all of them anyway.
 */
import type { CmsClient } from '../client.ts';
import {
  footerSchema,
  navigationSchema,
  siteSettingsSchema,
  type FooterDoc,
  type NavigationDoc,
  type SiteSettings,
} from '../schemas/globals.ts';
import type { QueryOptions } from './find-by-slug.ts';
import { FOOTER, MEDIA_FULL, NAVIGATION, POPULATE_LINK_TARGETS, SITE_SETTINGS } from './selections.ts';

export interface SiteChrome {
  settings: SiteSettings;
  navigation: NavigationDoc;
  footer: FooterDoc;
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
  ]);
  return { settings, navigation, footer };
}
