/**
 * Re-records test/fixtures/*.json from a running CMS, through the site's own queries, so the
 * fixtures are exactly what those queries receive. Run against a freshly seeded CMS:
 *
 *   PORT=3999 DATABASE_URL=file:/tmp/fixtures.db RATE_LIMIT_CONTACT_PER_HOUR=100 npm start   (in cms/)
 *   node scripts/recordFixtures.ts http://127.0.0.1:3999             (in site/)
 *
 * Creates one inquiry in that CMS (to record the answer to a contact-form post).
 */
import { mkdir, writeFile } from 'node:fs/promises'

import { createCms } from '../src/cms/queries.ts'

const baseUrl = process.argv[2] ?? 'http://127.0.0.1:3999'
const outDir = new URL('../test/fixtures/', import.meta.url)
let recorded: { url: string; body: string }[] = []

const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init)
  recorded.push({ url: String(input), body: await response.clone().text() })
  return response
}

const cms = createCms({ baseUrl, fetch: recordingFetch, retries: 0, logger: { info() {}, warn() {} } })

/** Runs one query and saves each response it received, named by `nameFor(url)`. */
async function record(nameFor: string | ((url: string) => string), run: () => Promise<unknown>): Promise<void> {
  recorded = []
  await run()
  for (const { url, body } of recorded) {
    const name = typeof nameFor === 'string' ? nameFor : nameFor(url)
    await writeFile(new URL(`${name}.json`, outDir), `${JSON.stringify(JSON.parse(body), null, 2)}\n`)
    console.log(`${name}.json  <- ${url.slice(baseUrl.length)}`)
  }
}

await mkdir(outDir, { recursive: true })
await record(
  (url) => `global-${/\/globals\/([a-z-]+)/.exec(url)?.[1]}`,
  () => cms.getSiteChrome(),
)
await record('page-home', () => cms.getPage('home'))
await record('page-about', () => cms.getPage('about'))
await record('page-contact', () => cms.getPage('contact'))
await record('posts-page-1', () => cms.listPosts({ page: 1, perPage: 3 }))
await record('posts-by-category', () => cms.listPosts({ category: 'design' }))
await record('post', () => cms.getPost('why-we-moved-our-content-sites-to-a-headless-cms'))
await record('services', () => cms.listServices())
await record('service', () => cms.getService('web-applications'))
await record('projects', () => cms.listProjects({ limit: 3, featuredFirst: true }))
await record('project', () => cms.getProject('ledgerly-real-time-bookkeeping'))
await record('demos', () => cms.listDemos())
await record('demo', () => cms.getDemo('project-cost-estimator'))
await record('categories', () => cms.listCategories())
await record('not-found', () => cms.getPost('no-such-post'))
await record('inquiry-created', () =>
  cms.createInquiry({
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    message: 'We would like a quote for a new website.',
    budget: '10k-50k',
    sourcePage: '/contact',
    website: '',
    formStartedAt: Date.now() - 10_000,
  }),
)
await record('error-validation', () =>
  cms
    .createInquiry({ name: 'A', email: 'not-an-email', message: 'short', formStartedAt: Date.now() - 10_000 })
    .catch(() => undefined),
)
