/**
 * `npm run bench:site`: the public website, measured on loopback in one bounded run.
 *
 * 1. Starts a CMS on a throwaway seeded SQLite database (bench/siteCms.ts), builds the site
 *    twice against it (server build and static export), and starts the site server and a plain
 *    static file server (bench/staticServer.ts) over the export.
 * 2. Lighthouse (mobile preset, Debian's Chromium, no network but loopback) on one page of each
 *    type, from the site server: performance, accessibility, best practices, SEO (target 100).
 * 3. JavaScript each of those pages ships, gzipped: module scripts and island code it loads,
 *    plus inline scripts (target 0 on pages without islands, < 60 KB on demo pages).
 * 4. Load: the same page from the site server (site/server.mjs, route cache) and from the static file server,
 *    autocannon, one after the other (target: server ≥ 80 % of static req/s). When nginx is installed,
 *    also from nginx with deploy/nginx/site.conf (one worker), which checks that config as well.
 *
 * Knobs: BENCH_DURATION (s per load run, default 10), BENCH_CONNECTIONS (default 20),
 * BENCH_SKIP_LIGHTHOUSE=1, CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

import autocannon from 'autocannon'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'

import { children, freePort, runSiteScript, startChild } from './children'

const ROOT = path.resolve(import.meta.dirname, '..')
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const LOAD_PATH = '/blog/estimating-software-honestly'

/** One page of each type, as seeded. */
const PAGES: ReadonlyArray<readonly [type: string, path: string]> = [
  ['home', '/'],
  ['CMS page', '/about'],
  ['contact', '/contact'],
  ['services index', '/services'],
  ['service', '/services/web-applications'],
  ['projects index', '/projects'],
  ['project', '/projects/ledgerly-real-time-bookkeeping'],
  ['blog index', '/blog'],
  ['blog category', '/blog/category/engineering'],
  ['post', LOAD_PATH],
  ['demos index', '/demos'],
  ['demo: estimator', '/demos/project-cost-estimator'],
  ['demo: API explorer', '/demos/live-api-explorer'],
  ['demo: chart', '/demos/performance-budget-chart'],
]

const log = (message: string) => process.stderr.write(`bench:site: ${message}\n`)

async function build(script: string, env: Record<string, string>): Promise<void> {
  const { seconds } = await runSiteScript(ROOT, script, env)
  log(`${script} done in ${seconds.toFixed(1)} s`)
}

interface Scores {
  performance: number
  accessibility: number
  bestPractices: number
  seo: number
  /** Audits that did not pass, for fixing. */
  failing: string[]
}

async function audit(port: number, url: string): Promise<Scores> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  })
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
  const { categories, audits } = result.lhr
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100)
  const failing = Object.values(categories).flatMap((category) =>
    category.auditRefs
      .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${category.id}:${ref.id}`),
  )
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    failing,
  }
}

/**
 * Gzipped bytes of all the JavaScript a page can run: its inline scripts, and every module it
 * references (module scripts, island components and renderers) with everything those import,
 * whether or not the island has hydrated yet (`client:visible` islands below the fold count too).
 */
async function javascriptBytes(pageUrl: string): Promise<number> {
  const html = await (await fetch(pageUrl)).text()
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((match) => !/type="application\/(ld\+)?json"/.test(match[1] ?? ''))
    .map((match) => match[2] ?? '')
    .join('')
  let total = inline.length > 0 ? gzipSync(inline, { level: 9 }).length : 0
  const pending = [
    ...html.matchAll(/(?:<script[^>]+src|component-url|renderer-url|before-hydration-url)="([^"]+\.m?js)"/g),
  ].map((match) => new URL(match[1]!, pageUrl).href)
  const seen = new Set<string>()
  while (pending.length > 0) {
    const url = pending.pop()!
    if (seen.has(url)) continue
    seen.add(url)
    const code = await (await fetch(url)).text()
    total += gzipSync(code, { level: 9 }).length
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+\.m?js)["']/g))
      pending.push(new URL(match[1]!, url).href)
  }
  return total
}

/** nginx serving the export with deploy/nginx/site.conf, one worker; null when nginx is not installed. */
async function startNginx(dir: string, port: number): Promise<{ stop(): void } | null> {
  const binary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file))
  if (!binary) return null
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-nginx-'))
  const brotli = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'
  let site = readFileSync(path.join(ROOT, 'deploy/nginx/site.conf'), 'utf8')
    .replaceAll(
      '/etc/nginx/snippets/mspn-security-headers.conf',
      path.join(ROOT, 'deploy/nginx/mspn-security-headers.conf'),
    )
    .replace('/srv/mspn/site/dist-static/redirects.nginx.conf', path.join(dir, 'redirects.nginx.conf'))
    .replace('root /srv/mspn/site/dist-static;', `root ${dir};`)
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('listen [::]:80;', '')
  if (!existsSync(brotli)) site = site.replace(/^\s*brotli_static on;.*$/m, '')
  writeFileSync(path.join(prefix, 'site.conf'), site)
  writeFileSync(
    path.join(prefix, 'nginx.conf'),
    [
      existsSync(brotli) ? `load_module ${brotli};` : '',
      `pid ${prefix}/nginx.pid;`,
      'error_log stderr warn;',
      'worker_processes 1;',
      'events { worker_connections 1024; }',
      `http { include /etc/nginx/mime.types; access_log off; client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; include ${prefix}/site.conf; }`,
    ].join('\n'),
  )
  const child = spawn(binary, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  children.push(child)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk))
  for (let attempt = 0; attempt < 50; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`)
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    )
    if (up) return { stop: () => (child.kill('SIGTERM'), rmSync(prefix, { recursive: true, force: true })) }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`nginx did not start: ${stderr}`)
}

interface Load {
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
}

async function load(url: string): Promise<Load> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2 }) // warm-up
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S })
  const latency = result.latency as unknown as Record<string, number>
  return {
    rps: Math.round(result.requests.average),
    p50: latency.p50 ?? 0,
    p95: latency.p95 ?? latency.p97_5 ?? 0,
    p99: latency.p99 ?? 0,
    errors: result.errors + result.non2xx,
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)

try {
  const [sitePort, staticPort] = [await freePort(), await freePort()]
  const siteUrl = `http://127.0.0.1:${sitePort}`
  const staticUrl = `http://127.0.0.1:${staticPort}`
  log('starting a seeded CMS…')
  const cmsReady = await startChild(
    ['--import', 'tsx', path.join(ROOT, 'bench/siteCms.ts'), `${siteUrl},${staticUrl}`],
    path.join(ROOT, 'cms'),
    { NODE_ENV: 'production' },
    /READY (\{.*\})\n/,
  )
  const cmsUrl = `http://127.0.0.1:${(JSON.parse(cmsReady[1]!) as { port: number }).port}`

  log('building the site (server build and static export)…')
  await build('build', {})
  await build('build:static', { CMS_URL: cmsUrl, SITE_URL: staticUrl })

  await startChild(
    [path.join(ROOT, 'site/server.mjs')],
    path.join(ROOT, 'site'),
    {
      HOST: '127.0.0.1',
      PORT: String(sitePort),
      CMS_URL: cmsUrl,
      NODE_ENV: 'production',
      // Signed as the site, as in production; one load generator is one visitor, so its render budget is lifted.
      REVALIDATE_SECRET: 'site-bench-only-revalidate-secret-long-enough-0123',
      SITE_RENDER_LIMIT_PER_MINUTE: '1000000',
    },
    /Server listening|127\.0\.0\.1/,
  )
  await startChild(
    [
      '--import',
      'tsx',
      path.join(ROOT, 'bench/staticServer.ts'),
      path.join(ROOT, 'site/dist-static'),
      String(staticPort),
    ],
    ROOT,
    {},
    /READY \d+/,
  )
  for (const [, page] of PAGES) await fetch(`${siteUrl}${page}`) // fill the route cache

  const rows: Array<{ type: string; page: string; scores?: Scores; js: number }> = []
  if (process.env.BENCH_SKIP_LIGHTHOUSE !== '1') {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    try {
      for (const [type, page] of PAGES) {
        log(`lighthouse ${page}…`)
        const scores = await audit(chrome.port, `${siteUrl}${page}`)
        rows.push({ type, page, scores, js: await javascriptBytes(`${siteUrl}${page}`) })
      }
    } finally {
      chrome.kill()
    }
  } else {
    for (const [type, page] of PAGES) rows.push({ type, page, js: await javascriptBytes(`${siteUrl}${page}`) })
  }

  log(
    `load: ${LOAD_PATH} for ${DURATION_S} s at ${CONNECTIONS} connections, site server (route cache) then static files…`,
  )
  const server = await load(`${siteUrl}${LOAD_PATH}`)
  const files = await load(`${staticUrl}${LOAD_PATH}`)
  const nginxPort = await freePort()
  const nginx = await startNginx(path.join(ROOT, 'site/dist-static'), nginxPort)
  const nginxLoad = nginx ? await load(`http://127.0.0.1:${nginxPort}${LOAD_PATH}`) : null
  nginx?.stop()

  console.log('\nLighthouse (mobile) and JavaScript per page, site server build\n')
  console.log('| page type | path | performance | accessibility | best practices | SEO | JS gzipped |')
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |')
  for (const row of rows) {
    const s = row.scores
    const cells = s ? [s.performance, s.accessibility, s.bestPractices, s.seo] : ['–', '–', '–', '–']
    console.log(`| ${row.type} | ${row.page} | ${cells.join(' | ')} | ${row.js === 0 ? '0' : `${kb(row.js)} KB`} |`)
  }
  const failing = [...new Set(rows.flatMap((row) => row.scores?.failing ?? []))]
  if (failing.length > 0) console.log(`\nAudits below 100 somewhere: ${failing.join(', ')}`)

  console.log(`\nGET ${LOAD_PATH}  (${CONNECTIONS} connections, ${DURATION_S} s each, loopback)\n`)
  console.log('| target | req/s | p50 ms | p95 ms | p99 ms | non-2xx/errors | vs static |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  const targets: Array<readonly [string, Load]> = [
    ['static files (plain Node file server)', files],
    ['site server (server.mjs), route cache', server],
  ]
  if (nginxLoad) targets.push(['static files (nginx, deploy/nginx/site.conf, 1 worker)', nginxLoad])
  else console.log('(nginx not installed: no nginx row)')
  for (const [name, row] of targets) {
    console.log(
      `| ${name} | ${row.rps} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.errors} | ${((row.rps / files.rps) * 100).toFixed(0)} % |`,
    )
  }
} finally {
  for (const child of children) child.kill('SIGTERM')
}
