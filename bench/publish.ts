/**
 * `npm run bench:publish`: publish to visible. Starts a seeded CMS (siteCms.ts, purging the site
 * after each publish) and the site's server build (site/server.mjs, route cache on; built first if
 * missing), warms a post's page, then BENCH_PUBLISHES times (default 50): publishes a new title for
 * that post through the REST API as an editor would, and polls the page every 10 ms until it shows
 * the title. Prints p50/p95/max of the time from sending the publish to the page showing it, and
 * writes bench/results/publish-sqlite-<time>.json. Loopback only; stops its children.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { children, freePort, startChild } from './children'
import { writeResults } from './harness'

const ROOT = path.resolve(import.meta.dirname, '..')
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 50)
const SLUG = 'estimating-software-honestly'
const SECRET = 'site-bench-only-revalidate-secret-long-enough-0123'
const log = (line: string) => process.stderr.write(`bench:publish: ${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]

try {
  const sitePort = await freePort()
  const siteUrl = `http://127.0.0.1:${sitePort}`
  log('starting a seeded CMS…')
  const cmsReady = await startChild(
    ['--import', 'tsx', path.join(ROOT, 'bench/siteCms.ts'), siteUrl, siteUrl],
    path.join(ROOT, 'cms'),
    {},
    /READY (\{.*\})\n/,
  )
  const { port, admin } = JSON.parse(cmsReady[1]) as { port: number; admin: { email: string; password: string } }
  const api = `http://127.0.0.1:${port}/api/v1`
  if (!fs.existsSync(path.join(ROOT, 'site/dist/server/entry.mjs'))) {
    log('building the site (server build)…')
    const built = spawnSync('npm', ['run', 'build', '--silent', '--workspace', 'site'], { cwd: ROOT, encoding: 'utf8' })
    if (built.status !== 0) throw new Error(`site build failed:\n${built.stderr.slice(-3000)}`)
  }
  await startChild(
    [path.join(ROOT, 'site/server.mjs')],
    path.join(ROOT, 'site'),
    { HOST: '127.0.0.1', PORT: String(sitePort), CMS_URL: `http://127.0.0.1:${port}`, REVALIDATE_SECRET: SECRET },
    /Server listening|127\.0\.0\.1/,
  )
  const login = await fetch(`${api}/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const { token } = (await login.json()) as { token: string }
  const found = (await (await fetch(`${api}/posts?where[slug][equals]=${SLUG}&depth=0&limit=1`)).json()) as {
    docs: Array<{ id: number | string }>
  }
  const id = found.docs[0]?.id
  if (id === undefined) throw new Error(`no post ${SLUG}`)
  const page = `${siteUrl}/blog/${SLUG}`
  for (let i = 0; i < 3; i += 1) await (await fetch(page)).text() // rendered once, cached
  const times: number[] = []
  const nonce = Date.now().toString(36)
  for (let i = 1; i <= PUBLISHES; i += 1) {
    const title = `Estimating software honestly ${nonce}-${i}`
    const started = performance.now()
    const response = await fetch(`${api}/posts/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
      body: JSON.stringify({ title, _status: 'published' }),
    })
    if (!response.ok) throw new Error(`publish ${i} answered ${response.status}: ${await response.text()}`)
    await response.arrayBuffer()
    for (;;) {
      if ((await (await fetch(page)).text()).includes(title)) break
      if (performance.now() - started > 30_000) throw new Error(`publish ${i} not visible after 30 s`)
      await sleep(10)
    }
    times.push(performance.now() - started)
  }
  const sorted = [...times].sort((a, b) => a - b)
  const figures = {
    publishes: PUBLISHES,
    p50Ms: Math.round(percentile(sorted, 50)),
    p95Ms: Math.round(percentile(sorted, 95)),
    maxMs: Math.round(sorted[sorted.length - 1]),
  }
  console.log(
    `\nPublish to visible (REST publish → ${page} shows it), ${PUBLISHES} publishes: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms`,
  )
  console.log(
    `Written to ${writeResults('publish', { name: 'publish', node: process.version, at: new Date().toISOString(), ...figures, timesMs: times.map(Math.round) }, 'sqlite')}`,
  )
} finally {
  for (const child of children) child.kill('SIGTERM')
}
