/** Parsed fixtures for the site's own helpers: what the typed client would hand a page. */
import {
  categorySchema,
  footerSchema,
  navigationSchema,
  paginated,
  postListItemSchema,
  projectCardSchema,
  serviceCardSchema,
  demoCardSchema,
  siteSettingsSchema,
  type SiteChrome,
} from '../../src/cms/index.ts'
import { fixture } from './fixtures.ts'

export function siteChromeFixture(): SiteChrome {
  return {
    settings: siteSettingsSchema.parse(fixture('global-site-settings')),
    navigation: navigationSchema.parse(fixture('global-navigation')),
    footer: footerSchema.parse(fixture('global-footer')),
  }
}

export const postsPage = () => paginated(postListItemSchema).parse(fixture('posts-page-1'))
export const postsByCategory = () => paginated(postListItemSchema).parse(fixture('posts-by-category'))
export const categories = () => paginated(categorySchema).parse(fixture('categories')).docs
export const services = () => paginated(serviceCardSchema).parse(fixture('services')).docs
export const projects = () => paginated(projectCardSchema).parse(fixture('projects')).docs
export const demos = () => paginated(demoCardSchema).parse(fixture('demos')).docs
