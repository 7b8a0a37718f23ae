/**
 * `npm run bench:export`: the static export at scale. A CMS on a throwaway SQLite file with the demo
 * content plus BENCH_POSTS generated published posts (default 10,000; generateContent.ts), then:
 *   1. a full `npm run build:static` (the content store in site/node_modules/.astro-static/ is
 *      removed first, so every document is fetched and every page rendered);
 *   2. one post's title changed through the REST API (signed in as the seed's admin);
 *   3. the incremental rebuild, which must show the new title on that post's page.
 * Prints the build times, pages and bytes written, and the loaders' own lines (what each fetched);
 * writes bench/results/export-<time>.json. Loopback only; the CMS is stopped at the end. It writes
 * site/dist-static/ as `npm run build:static` does.
 */
import fs from 'node:fs'
import path from 'node:path'

import { children, freePort, runSiteScript, startChild } from './children'
import { writeResults } from './harness'

const ROOT = path.resolve(import.meta.dirname, '..')
const OUT = path.join(ROOT, 'site/dist-static')
const STORE = path.join(ROOT, 'site/node_modules/.astro-static')
const POSTS = Number(process.env.BENCH_POSTS ?? 10_000)
const log = (line: string) => process.stderr.write(`bench:export: ${line}\n`)

interface Build {
  seconds: number
  /** The content loaders' summary lines (`posts: 1 fetched, 0 deleted, …`). */
  loaders: string[]
  /** Astro's step lines with their clock times, and the export's own (redirects, precompression). */
  steps: string[]
}

const STEP = /Completed in|Server built in|generating static routes|redirects:|precompressed|Complete!/

/** Runs the static export, keeping the loaders' and the build steps' lines. */
async function buildStatic(env: Record<string, string>): Promise<Build> {
  const { seconds, output } = await runSiteScript(ROOT, 'build:static', env)
  const lines = output.split('\n').map((line) => line.trim())
  return {
    seconds,
    loaders: lines.filter((line) => /\d+ fetched, \d+ deleted/.test(line)),
    steps: lines.filter((line) => STEP.test(line)),
  }
}

function written(dir: string): { pages: number; files: number; bytes: number } {
  let pages = 0
  let files = 0
  let bytes = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    files += 1
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size
    if (entry.name.endsWith('.html')) pages += 1
  }
  return { pages, files, bytes }
}

try {
  const staticUrl = `http://127.0.0.1:${await freePort()}`
  log(`starting a CMS with the demo content and ${POSTS} generated posts…`)
  const ready = await startChild(
    ['--import', 'tsx', path.join(ROOT, 'bench/siteCms.ts'), staticUrl],
    path.join(ROOT, 'cms'),
    { NODE_ENV: 'production', BENCH_POSTS: String(POSTS) },
    /READY (\{.*\})\n/,
    1_800_000,
  )
  const { port, admin } = JSON.parse(ready[1]!) as { port: number; admin: { email: string; password: string } }
  const api = `http://127.0.0.1:${port}/api/v1`
  const env = { CMS_URL: `http://127.0.0.1:${port}`, SITE_URL: staticUrl }

  fs.rmSync(STORE, { recursive: true, force: true })
  log('full build…')
  const full = await buildStatic(env)
  const fullOut = written(OUT)
  log(`full build: ${full.seconds.toFixed(1)} s, ${fullOut.pages} pages`)

  const login = await fetch(`${api}/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const { token } = (await login.json()) as { token: string }
  const newest = (await (await fetch(`${api}/posts?limit=1&sort=-publishedAt&depth=0`)).json()) as {
    docs: Array<{ id: number; slug: string }>
  }
  const post = newest.docs[0]!
  const title = `Changed for the export benchmark ${Date.now()}`
  const changed = await fetch(`${api}/posts/${post.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: JSON.stringify({ title, _status: 'published' }),
  })
  if (!changed.ok) throw new Error(`changing a post failed: ${changed.status} ${await changed.text()}`)
  // A new title may give the post a new slug (slugs follow titles until set by hand): its page moves with it.
  const { doc } = (await changed.json()) as { doc: { slug: string } }

  log('incremental build after one change…')
  const incremental = await buildStatic(env)
  const page = path.join(OUT, 'blog', doc.slug, 'index.html')
  if (!fs.readFileSync(page, 'utf8').includes(title)) throw new Error(`${page} does not show the new title`)
  const incrementalOut = written(OUT)

  const mb = (bytes: number) => (bytes / 1048576).toFixed(1)
  console.log(`\nStatic export, ${POSTS} generated posts plus the demo content (SQLite CMS on this machine)\n`)
  console.log('| build | seconds | HTML pages | files (with .gz/.br) | MB written |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  console.log(`| full | ${full.seconds.toFixed(1)} | ${fullOut.pages} | ${fullOut.files} | ${mb(fullOut.bytes)} |`)
  console.log(
    `| after one post changed | ${incremental.seconds.toFixed(1)} | ${incrementalOut.pages} | ${incrementalOut.files} | ${mb(incrementalOut.bytes)} |`,
  )
  console.log(`\nLoaders, full build:\n  ${full.loaders.join('\n  ')}`)
  console.log(`Loaders, after one change:\n  ${incremental.loaders.join('\n  ')}`)
  console.log(`\nSteps, full build:\n  ${full.steps.join('\n  ')}`)
  console.log(`Steps, after one change:\n  ${incremental.steps.join('\n  ')}`)
  const file = writeResults('export', {
    name: 'export',
    node: process.version,
    at: new Date().toISOString(),
    posts: POSTS,
    full: { ...full, ...fullOut },
    incremental: { ...incremental, ...incrementalOut },
  })
  console.log(`\nWritten to ${file}`)
} finally {
  for (const child of children) child.kill('SIGTERM')
}
