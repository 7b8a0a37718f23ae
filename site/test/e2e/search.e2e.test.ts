/**
 * The search page through the built site (`node site/server.mjs`) and a real seeded CMS:
 * without JavaScript it is a GET form answered on the server, with highlighted, escaped snippets
 * and a type filter; with JavaScript (Chromium) the island answers as the visitor types, without
 * a page load. Only /search ships the island: content pages stay free of JavaScript.
 * SEARCH_SCREENSHOT=<file.png> keeps a screenshot of the page.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { freePort, launchChromium, processes, root } from '../helpers/e2e.ts'

/** bench/siteCms.ts signs purges and checks the site's identity with this secret. */
const SECRET = 'site-bench-only-revalidate-secret-long-enough-0123'
const running = processes()
let dir: string
let siteUrl: string
let browser: Browser

const get = async (pathname: string) => {
  const response = await fetch(new URL(pathname, siteUrl))
  return { status: response.status, headers: response.headers, html: await response.text() }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-search-e2e-'))
  const sitePort = await freePort()
  siteUrl = `http://127.0.0.1:${sitePort}`
  // The API-only CMS of the site benchmark (bench/siteCms.ts: seeded SQLite, our full Express stack),
  // which lets the site's origin call its API from the browser.
  await running.start(
    'cms',
    ['--import', 'tsx', path.join(root, 'bench/siteCms.ts'), siteUrl],
    root,
    {},
    /READY \{.*\}/,
    400_000,
  )
  const ready = JSON.parse(/READY (\{.*\})/.exec(running.output('cms'))?.[1] ?? '{}') as { port: number }
  const cmsUrl = `http://127.0.0.1:${ready.port}`
  await running.start(
    'site',
    [path.join(root, 'site/server.mjs')],
    path.join(root, 'site'),
    { HOST: '127.0.0.1', PORT: String(sitePort), SITE_URL: siteUrl, CMS_URL: cmsUrl, REVALIDATE_SECRET: SECRET },
    /Server listening/,
    400_000,
  )
  // The CMS builds its index as it starts: wait until it answers.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await fetch(`${cmsUrl}/api/v1/search?q=headless`)).status === 200) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  browser = await launchChromium()
}, 900_000)

afterAll(async () => {
  await browser?.close()
  running.stopAll()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('the search page without JavaScript', () => {
  it('answers a GET form on the server with ranked, highlighted hits, never cached', async () => {
    const { status, headers, html } = await get('/search?q=headless')
    expect(status).toBe(200)
    expect(headers.get('cache-control')).toBe('no-store')
    expect(html).toMatch(/<form[^>]*role="search"/)
    expect(html).toMatch(/<input[^>]*name="q"[^>]*value="headless"/)
    expect(html).toContain('<mark>headless</mark>')
    expect(html).toContain('href="/blog/why-we-moved-our-content-sites-to-a-headless-cms"')
    expect(html).toMatch(/results? for “headless”/)
  })

  it('filters by type', async () => {
    const { html } = await get('/search?q=headless&type=services')
    expect(html).toContain('href="/services/')
    expect(html).not.toContain('href="/blog/why-we-moved')
  })

  it('shows hostile queries as text and still answers', async () => {
    for (const q of ['<script>alert(1)</script>', '.*(((', '%FF', '🙂'.repeat(300), '']) {
      const { status, html } = await get(`/search?q=${encodeURIComponent(q)}`)
      expect(status).toBe(200)
      // Quoted attribute values (the page title in meta tags, the island's props) are text, not markup.
      expect(html.replace(/"[^"]*"/g, '""')).not.toContain('<script>alert(1)')
    }
  })

  it('ships the island on /search only: content pages stay free of JavaScript', async () => {
    expect((await get('/search')).html).toContain('<astro-island')
    for (const page of ['/blog', '/services', '/blog/why-we-moved-our-content-sites-to-a-headless-cms']) {
      const { status, html } = await get(page)
      expect(status, page).toBe(200)
      expect(html, page).not.toContain('<astro-island')
    }
    // The home page embeds a demo (its own island, a block the editors chose): never the search one.
    expect((await get('/')).html).not.toContain('SearchIsland')
  })

  it('works as a plain form in a browser with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${siteUrl}/search`)
    await page.fill('input[name="q"]', 'headless')
    await Promise.all([page.waitForURL(/\/search\?q=headless/), page.press('input[name="q"]', 'Enter')])
    expect(await page.locator('.search-hit').count()).toBeGreaterThan(0)
    await context.close()
  })
})

describe('the search page with JavaScript', () => {
  it('answers as the visitor types, without loading another page', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${siteUrl}/search`)
    await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'))
    // A page load would drop this marker; the island only replaces the address (history API).
    await page.evaluate(() => Object.assign(window, { searchMarker: 'kept' }))
    await page.locator('input[name="q"]').pressSequentially('headles')
    await page.waitForSelector('.search-hit mark')
    expect(await page.evaluate(() => (window as unknown as { searchMarker?: string }).searchMarker)).toBe('kept')
    expect(page.url()).toContain('/search?q=headles')
    await page.locator('.search-type', { hasText: 'Blog posts' }).click()
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.search-hit-type')].every((node) => node.textContent === 'Blog posts'),
    )
    expect(errors).toEqual([])
    if (process.env.SEARCH_SCREENSHOT) await page.screenshot({ path: process.env.SEARCH_SCREENSHOT, fullPage: true })
    await page.close()
  })
})
