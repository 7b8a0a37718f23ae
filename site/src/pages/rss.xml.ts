/** /rss.xml: the blog's newest posts as RSS 2.0. 404 when the blog is switched off. */
import type { APIRoute } from 'astro'

import { CmsError } from '../cms/index.ts'
import { content } from '../content/index.ts'
import { blogFeed } from '../feeds/rss.ts'
import { NO_STORE, NOT_FOUND, PUBLIC_PAGE } from '../layouts/cachePolicy.ts'
import { loadChrome } from '../layouts/loadChrome.ts'
import { siteOrigin } from '../env.ts'

export const GET: APIRoute = async ({ locals }) => {
  const chrome = await loadChrome(locals)
  if (!chrome.features.blog) {
    return new Response('Not found.\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NOT_FOUND },
    })
  }
  try {
    return new Response(await blogFeed(content, chrome, siteOrigin()), {
      headers: { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': PUBLIC_PAGE },
    })
  } catch (error) {
    if (!(error instanceof CmsError)) throw error
    return new Response('Feed temporarily unavailable.\n', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_STORE, 'Retry-After': '30' },
    })
  }
}
