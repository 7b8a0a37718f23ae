/**
 * The requests the benchmarks send: the site's own reads, built by the site's own query code
 * (site/src/cms/...) through its real CMS client, whose fetch only records the URL. So the
 * benchmark asks exactly what the site asks, and cannot drift from it.
 */
import { createCmsClient } from '../site/src/cms/client.ts'
import {
  categories,
  demos,
  httpSource,
  pages,
  posts,
  projects,
  services,
  type AnySiteCollection,
} from '../site/src/cms/collections/index.ts'
import { silentLogger } from '../site/src/cms/logger.ts'
import { getSiteChrome } from '../site/src/cms/queries/chrome.ts'

/** What the database holds, as the plan needs it. */
export interface Content {
  postSlugs: readonly string[]
  categorySlugs: readonly string[]
  /** Posts per category slug (for the category list pages there are). */
  postsPerCategory: Readonly<Record<string, number>>
  /** Published slugs of the site's other routed collections. */
  otherSlugs: Readonly<Record<'pages' | 'services' | 'projects' | 'demos', readonly string[]>>
}

/** The site's list page size (list.ts's default). */
export const PER_PAGE = 9

/** Runs `read` against a client that records the request path (with query) instead of sending it. */
async function recorded(
  read: (source: ReturnType<typeof httpSource>, client: ReturnType<typeof createCmsClient>) => Promise<unknown>,
): Promise<string[]> {
  const urls: string[] = []
  const client = createCmsClient({
    baseUrl: 'http://recorder.invalid',
    retries: 0,
    logger: silentLogger,
    fetch: async (input) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
      urls.push(`${url.pathname}${url.search}`)
      throw new Error('recorded')
    },
  })
  await read(httpSource(client), client).catch(() => undefined)
  return urls
}

const listOf = (collection: AnySiteCollection, params?: object) =>
  recorded((source) => source.list(collection, params as never))
const docOf = (collection: AnySiteCollection, slug: string) => recorded((source) => source.get(collection, slug))

/** A list page for every page the blog and each category have, newest first. */
export async function blogPages(content: Content): Promise<string[]> {
  const pagesOf = (count: number) => Math.max(1, Math.ceil(count / PER_PAGE))
  const urls: string[] = []
  for (let page = 1; page <= pagesOf(content.postSlugs.length); page += 1) urls.push(...(await listOf(posts, { page })))
  return urls
}

export async function categoryPages(content: Content): Promise<string[]> {
  const urls: string[] = []
  for (const category of content.categorySlugs) {
    const count = Math.max(1, Math.ceil((content.postsPerCategory[category] ?? 0) / PER_PAGE))
    for (let page = 1; page <= count; page += 1) urls.push(...(await listOf(posts, { category, page })))
  }
  return urls
}

export async function postDocuments(content: Content): Promise<string[]> {
  const urls: string[] = []
  for (const slug of content.postSlugs) urls.push(...(await docOf(posts, slug)))
  return urls
}

/** The other reads a page view makes: the chrome (three globals), lists and documents of the other collections. */
export async function otherReads(content: Content): Promise<string[]> {
  const urls = [...(await recorded((_source, client) => getSiteChrome(client)))]
  for (const collection of [pages, services, projects, demos, categories]) urls.push(...(await listOf(collection)))
  const routed = { pages, services, projects, demos } as const
  for (const [slug, collection] of Object.entries(routed))
    for (const doc of content.otherSlugs[slug as keyof typeof routed]) urls.push(...(await docOf(collection, doc)))
  return urls
}

/**
 * The site's mix, every URL distinct: post pages 45 %, blog list pages 20 %, category list pages
 * 15 %, everything else (globals, other lists and documents) 20 %. Each kind cycles through its
 * URLs; once a kind's set is used up, its URLs come back with `&_b=<round>`, a parameter Payload
 * ignores (the query guard lets unknown names through) that changes nothing in the answer but the
 * URL, so neither the response cache nor read coalescing can help.
 */
export function distinctMix(kinds: Array<{ weight: number; urls: readonly string[] }>, length: number): string[] {
  const usable = kinds.filter((kind) => kind.urls.length > 0)
  const total = usable.reduce((sum, kind) => sum + kind.weight, 0)
  const used = usable.map(() => 0)
  const credit = usable.map(() => 0)
  const mix: string[] = []
  while (mix.length < length) {
    // Weighted round robin: the kind furthest behind its share goes next.
    usable.forEach((kind, i) => (credit[i] += kind.weight / total))
    let next = 0
    for (let i = 1; i < usable.length; i += 1) if (credit[i] > credit[next]) next = i
    credit[next] -= 1
    const { urls } = usable[next]
    const round = Math.floor(used[next] / urls.length)
    const url = urls[used[next] % urls.length]
    used[next] += 1
    mix.push(round === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}_b=${round}`)
  }
  return mix
}

export async function siteMix(content: Content, length: number): Promise<string[]> {
  return distinctMix(
    [
      { weight: 45, urls: await postDocuments(content) },
      { weight: 20, urls: await blogPages(content) },
      { weight: 15, urls: await categoryPages(content) },
      { weight: 20, urls: await otherReads(content) },
    ],
    length,
  )
}
