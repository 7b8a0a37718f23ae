/**
 * What each query asks the CMS for. `select` trims the top-level document, `populate` trims
 * every related document of a collection wherever it appears. All are typed against the
 * CMS's generated select types, so a renamed field fails the type check.
 *
 * Note: Payload computes `url` from `filename` (and each size's url from its filename),
 * so both must be selected for images to have URLs.
 */
import type { RoutedCollection } from '@mspn/contract';
import type {
  CategoriesSelect,
  Config,
  DemosSelect,
  FooterSelect,
  MediaSelect,
  NavigationSelect,
  PagesSelect,
  PostsSelect,
  ProjectsSelect,
  ServicesSelect,
  SiteSettingsSelect,
  TestimonialsSelect,
} from '@cms/types';

type CollectionSlug = keyof Config['collections'];

/** `populate[collection][field]=true`: which fields of related documents to return. */
export type Populate = { [Slug in CollectionSlug]?: Config['collectionsSelect'][Slug] };

const SEO = { title: true, description: true, image: true, noIndex: true } as const;

/** Images shown as cards: the original plus the card sizes. */
export const MEDIA_CARD = {
  alt: true,
  url: true,
  filename: true,
  width: true,
  height: true,
  mimeType: true,
  sizes: { card: true, cardAvif: true },
} satisfies MediaSelect<true>;

/** Images shown large (heroes, covers, galleries): every size and the focal point. */
export const MEDIA_FULL = {
  ...MEDIA_CARD,
  focalX: true,
  focalY: true,
  sizes: { thumbnail: true, card: true, cardAvif: true, hero: true, heroAvif: true },
} satisfies MediaSelect<true>;

/** A link's target needs only its slug to become an href. */
export const LINK_TARGET = { slug: true } satisfies PagesSelect<true> & PostsSelect<true>;

export const CATEGORY = { title: true, slug: true, description: true } satisfies CategoriesSelect<true>;

/** A category as a tag on a post card or page. */
export const CATEGORY_TAG = { title: true, slug: true } satisfies CategoriesSelect<true>;

export const POST_CARD = {
  title: true,
  slug: true,
  excerpt: true,
  coverImage: true,
  categories: true,
  authorName: true,
  publishedAt: true,
} satisfies PostsSelect<true>;

export const POST_FULL = { ...POST_CARD, content: true, seo: SEO } satisfies PostsSelect<true>;

export const SERVICE_CARD = { title: true, slug: true, summary: true, icon: true, order: true } satisfies ServicesSelect<true>;

export const SERVICE_FULL = { ...SERVICE_CARD, body: true, features: true, seo: SEO } satisfies ServicesSelect<true>;

export const PROJECT_CARD = {
  title: true,
  slug: true,
  client: true,
  industry: true,
  year: true,
  summary: true,
  coverImage: true,
  stack: true,
  featured: true,
} satisfies ProjectsSelect<true>;

export const PROJECT_FULL = {
  ...PROJECT_CARD,
  body: true,
  gallery: true,
  results: true,
  links: true,
  seo: SEO,
} satisfies ProjectsSelect<true>;

export const DEMO_CARD = { title: true, slug: true, kind: true, summary: true, thumbnail: true } satisfies DemosSelect<true>;

/** A demo embedded in a page: what the component needs to run, no SEO. */
export const DEMO_EMBED = { ...DEMO_CARD, settings: true } satisfies DemosSelect<true>;

export const DEMO_FULL = { ...DEMO_EMBED, seo: SEO } satisfies DemosSelect<true>;

export const TESTIMONIAL = {
  quote: true,
  authorName: true,
  authorRole: true,
  company: true,
  avatar: true,
} satisfies TestimonialsSelect<true>;

export const PAGE = { title: true, slug: true, layout: true, seo: SEO } satisfies PagesSelect<true>;

export const SITE_SETTINGS = {
  siteName: true,
  tagline: true,
  contactEmail: true,
  socials: true,
  defaultSeo: SEO,
  analytics: true,
  features: true,
} satisfies SiteSettingsSelect<true>;

export const NAVIGATION = { items: true } satisfies NavigationSelect<true>;

export const FOOTER = { columns: true, note: true } satisfies FooterSelect<true>;

/** Link references in navigation, footer and blocks: just enough to build hrefs. */
export const POPULATE_LINK_TARGETS = {
  pages: LINK_TARGET,
  posts: LINK_TARGET,
  services: { slug: true },
  projects: { slug: true },
  demos: { slug: true },
} satisfies Populate & Record<RoutedCollection, unknown>;
