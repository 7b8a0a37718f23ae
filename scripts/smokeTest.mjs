#!/usr/bin/env node
/**
 * Smoke test of a running stack (docker compose, or `npm start` locally): the CMS is healthy and ready,
 * the API answers a read, the site renders its home page, and a publish reaches a cached page at once
 * (the CMS purges the site's route cache). Cleans up after itself.
 *
 *   CMS_URL=http://localhost:3000 SITE_URL=http://localhost:4321 \
 *   ADMIN_EMAIL=you@example.com ADMIN_PASSWORD=... node scripts/smokeTest.mjs
 *
 * Needs Node 20+ (fetch), no dependencies. Exits 0 when every check passed, 1 with the failed check.
 * SMOKE_WAIT_SECONDS (default 180): how long to wait for the stack to come up.
 */
const cms = (process.env.CMS_URL ?? 'http://localhost:3000').replace(/\/$/, '')
const site = (process.env.SITE_URL ?? 'http://localhost:4321').replace(/\/$/, '')
const admin = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }
const waitSeconds = Number(process.env.SMOKE_WAIT_SECONDS ?? 180)

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const step = (name) => process.stdout.write(`• ${name} … `)
const ok = (detail = '') => process.stdout.write(`ok${detail ? ` (${detail})` : ''}\n`)

class SmokeFailure extends Error {}
function check(condition, message) {
  if (!condition) throw new SmokeFailure(message)
}

async function waitFor(url, what) {
  const deadline = Date.now() + waitSeconds * 1000
  let last = ''
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      if (response.ok) return response
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    await sleep(2000)
  }
  throw new SmokeFailure(`${what} not up after ${waitSeconds} s (${url}: ${last})`)
}

/** A Lexical document of one paragraph (the posts' rich text field). */
const paragraph = (text) => ({
  root: {
    type: 'root',
    direction: 'ltr',
    format: '',
    indent: 0,
    version: 1,
    children: [
      {
        type: 'paragraph',
        direction: 'ltr',
        format: '',
        indent: 0,
        version: 1,
        textFormat: 0,
        textStyle: '',
        children: [{ type: 'text', text, format: 0, style: '', mode: 'normal', detail: 0, version: 1 }],
      },
    ],
  },
})

async function json(response) {
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new SmokeFailure(`expected JSON from ${response.url}, got HTTP ${response.status}: ${text.slice(0, 200)}`)
  }
}

/** Fetches `path` from the site until `accept(status, html)` holds or 15 s passed. */
async function pollSite(path, accept, what) {
  const started = Date.now()
  let status = 0
  while (Date.now() - started < 15_000) {
    const response = await fetch(`${site}${path}`)
    status = response.status
    if (accept(status, await response.text())) return Date.now() - started
    await sleep(100)
  }
  throw new SmokeFailure(`${what}: ${path} still answers ${status} after 15 s`)
}

async function main() {
  step(`CMS health and readiness (${cms})`)
  await waitFor(`${cms}/health`, 'CMS /health')
  const ready = await json(await waitFor(`${cms}/ready`, 'CMS /ready'))
  check(ready.status === 'ready', `CMS /ready says ${JSON.stringify(ready)}`)
  ok(Object.keys(ready.checks ?? {}).join(', '))

  step('API read')
  const posts = await fetch(`${cms}/api/v1/posts?limit=1&depth=0`)
  check(posts.status === 200, `GET /api/v1/posts answered ${posts.status}`)
  const list = await json(posts)
  check(Array.isArray(list.docs), 'GET /api/v1/posts has no docs array')
  ok(`${list.totalDocs} posts`)

  step(`site home page (${site})`)
  await waitFor(`${site}/robots.txt`, 'site')
  const home = await fetch(`${site}/`)
  check(home.status === 200, `GET / answered ${home.status}`)
  check(/text\/html/.test(home.headers.get('content-type') ?? ''), 'GET / is not HTML')
  check(/<html/i.test(await home.text()), 'GET / has no <html>')
  ok()

  check(admin.email && admin.password, 'set ADMIN_EMAIL and ADMIN_PASSWORD for the publish check')
  step('publish reaches a cached page')
  const login = await fetch(`${cms}/api/v1/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  check(login.status === 200, `sign-in as ${admin.email} answered ${login.status}`)
  const auth = { authorization: `JWT ${(await json(login)).token}`, 'content-type': 'application/json' }
  const title = `Smoke test ${Date.now()}`
  const created = await fetch(`${cms}/api/v1/posts`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      title,
      excerpt: 'Smoke test',
      content: paragraph('Smoke test body.'),
      _status: 'published',
    }),
  })
  check(
    created.status === 201,
    `creating a post answered ${created.status}: ${(await created.clone().text()).slice(0, 300)}`,
  )
  const post = (await json(created)).doc
  const path = `/blog/${post.slug}`
  try {
    await pollSite(path, (status, html) => status === 200 && html.includes(title), 'new post not on the site')
    const cached = await fetch(`${site}${path}`)
    await cached.text()
    check(
      cached.headers.get('x-route-cache') === 'HIT',
      `${path} was not cached (x-route-cache: ${cached.headers.get('x-route-cache')})`,
    )
    const patched = await fetch(`${cms}/api/v1/posts/${post.id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ title: `${title} (updated)` }),
    })
    check(patched.status === 200, `updating the post answered ${patched.status}`)
    const ms = await pollSite(
      path,
      (status, html) => status === 200 && html.includes(`${title} (updated)`),
      'publish did not purge the page',
    )
    ok(`visible after ${ms} ms`)
  } finally {
    const deleted = await fetch(`${cms}/api/v1/posts/${post.id}`, { method: 'DELETE', headers: auth })
    if (deleted.status !== 200)
      process.stdout.write(`(could not delete the smoke post ${post.id}: ${deleted.status})\n`)
  }
  step('a deleted post leaves the site')
  await pollSite(path, (status) => status === 404, 'deleted post still served')
  ok()
  process.stdout.write('smoke test passed\n')
}

main().catch((error) => {
  process.stdout.write('FAILED\n')
  process.stderr.write(`${error instanceof SmokeFailure ? error.message : (error?.stack ?? String(error))}\n`)
  process.exit(1)
})
