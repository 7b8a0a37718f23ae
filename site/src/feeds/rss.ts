/** The blog as an RSS 2.0 feed. Every value is escaped; links are absolute, as feed readers need. */
import { COLLECTION_ROUTES } from '@mspn/contract'

import type { Cms } from '../cms/index.ts'
import type { Chrome } from '../layouts/chrome.ts'
import { parseDate } from '../components/format.ts'
import { documentPath } from '../routing/hrefs.ts'
import { escapeXml } from './xml.ts'

export interface RssChannel {
  title: string
  description: string
  /** The site's home page, absolute. */
  link: string
  /** This feed's own URL, absolute (atom:link rel="self"). */
  feedUrl: string
  items: RssItem[]
}

export interface RssItem {
  title: string
  /** Absolute URL of the post; also its guid. */
  link: string
  description?: string | null
  pubDate?: Date | null
  author?: string | null
  categories?: string[]
}

export function buildRss(channel: RssChannel): string {
  const newest = channel.items.reduce<Date | null>(
    (latest, item) => (item.pubDate && (!latest || item.pubDate > latest) ? item.pubDate : latest),
    null,
  )
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${escapeXml(channel.title)}</title>`,
    `<link>${escapeXml(channel.link)}</link>`,
    `<description>${escapeXml(channel.description)}</description>`,
    '<language>en</language>',
    `<atom:link href="${escapeXml(channel.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    ...(newest ? [`<lastBuildDate>${newest.toUTCString()}</lastBuildDate>`] : []),
    ...channel.items.map(renderItem),
    '</channel>',
    '</rss>',
  ]
  return `${lines.join('\n')}\n`
}

function renderItem(item: RssItem): string {
  const parts = [
    `<title>${escapeXml(item.title)}</title>`,
    `<link>${escapeXml(item.link)}</link>`,
    `<guid isPermaLink="true">${escapeXml(item.link)}</guid>`,
  ]
  if (item.description) parts.push(`<description>${escapeXml(item.description)}</description>`)
  if (item.pubDate && !Number.isNaN(item.pubDate.getTime()))
    parts.push(`<pubDate>${item.pubDate.toUTCString()}</pubDate>`)
  // RSS's own <author> must be an e-mail address; a name goes in dc:creator.
  if (item.author) parts.push(`<dc:creator>${escapeXml(item.author)}</dc:creator>`)
  for (const category of item.categories ?? []) parts.push(`<category>${escapeXml(category)}</category>`)
  return `<item>${parts.join('')}</item>`
}

export const FEED_SIZE = 20

/** The newest posts as a feed for `origin` (the site's own origin, e.g. https://mspn.dev). */
export async function blogFeed(source: Pick<Cms, 'listPosts'>, chrome: Chrome, origin: string): Promise<string> {
  const result = await source.listPosts({ page: 1, perPage: FEED_SIZE })
  const posts = result?.docs ?? []
  return buildRss({
    title: `${chrome.siteName} blog`,
    description: chrome.tagline ?? chrome.defaultSeo?.description ?? `Articles from ${chrome.siteName}`,
    link: new URL(COLLECTION_ROUTES.posts, origin).href,
    feedUrl: new URL('/rss.xml', origin).href,
    items: posts.map((post) => ({
      title: post.title,
      link: new URL(documentPath('posts', post.slug) ?? COLLECTION_ROUTES.posts, origin).href,
      description: post.excerpt ?? null,
      pubDate: parseDate(post.publishedAt),
      author: post.authorName ?? null,
      categories: post.categories.map((category) => category.title),
    })),
  })
}
