/**
 * The README's first line, for real: the production entry point on a fresh SQLite file seeds
 * demo content, serves the admin panel, and the seeded admin signs in through the browser.
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startCmsProcess, type CmsProcess } from '../helpers/process'

const ADMIN = { email: 'e2e-admin@mspn.dev', password: 'e2e-admin-password-123' }
let cms: CmsProcess
let browser: Browser
const shots = process.env.TMPDIR ?? '/tmp'

async function signIn(page: Page) {
  await page.goto(`${cms.url}/admin/login`)
  await page.waitForSelector('input[name="email"]', { timeout: 60_000 })
  await page.locator('.mspn-logo').waitFor()
  await page.screenshot({ path: `${shots}/mspn-admin-login.png` })
  await page.fill('input[name="email"]', ADMIN.email)
  await page.fill('input[name="password"]', ADMIN.password)
  await page.click('button[type="submit"]')
  await page.waitForURL((url) => !url.pathname.includes('/login'), { timeout: 60_000 })
}

beforeAll(async () => {
  // Production settings: real secret, strict CSP (no eval), HSTS; demo content asked for explicitly.
  cms = await startCmsProcess({
    APP_ENV: 'production',
    PAYLOAD_SECRET: 'e2e-production-secret-0123456789abcdef',
    PREVIEW_SECRET: 'e2e-production-preview-secret-0123456789',
    REVALIDATE_SECRET: 'e2e-production-revalidate-secret-0123456789',
    SEED_ON_START: 'true',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  })
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
})

afterAll(async () => {
  await browser?.close()
  if (cms) expect(await cms.stop()).toBe(0)
})

describe('npm start on a fresh database', () => {
  it('prints where everything is and how to sign in', () => {
    const out = cms.output()
    expect(out).toContain(`Admin panel   ${cms.url}/admin`)
    expect(out).toContain(`REST API      ${cms.url}/api/v1`)
    expect(out).toContain(`Sign in as    ${ADMIN.email} (password from ADMIN_PASSWORD)`)
    expect(out).toMatch(/Demo content {2}\d+ documents created/)
    expect(out).toContain('MSPN DEV CMS is up (production)')
  })

  it('serves published posts over REST and answers GraphQL', async () => {
    const posts = await (await fetch(`${cms.url}/api/v1/posts?depth=0&limit=100`)).json()
    expect(posts.totalDocs).toBe(10)
    const gql = await fetch(`${cms.url}/api/v1/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ Services { totalDocs } }' }),
    })
    expect((await gql.json()).data.Services.totalDocs).toBe(6)
  })

  it('shows the admin login page, and the seeded admin signs in to the dashboard', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
    })
    const response = await page.goto(`${cms.url}/admin`)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'self'(;|$)/)
    await page.waitForSelector('input[name="email"]', { timeout: 60_000 })
    expect(page.url()).toContain('/admin/login')
    await page.fill('input[name="email"]', ADMIN.email)
    await page.fill('input[name="password"]', ADMIN.password)
    await page.click('button[type="submit"]')
    await page.waitForURL((url) => !url.pathname.includes('/login'), { timeout: 60_000 })
    await page.getByText('Posts', { exact: true }).first().waitFor({ timeout: 60_000 })
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/mspn-admin-dashboard.png` })
    expect(violations).toEqual([])
    await page.close()
  })

  it('shows the studio dashboard, the Scheduled column, and rotates an API key once', async () => {
    const api = `${cms.url}/api/v1`
    const token = (
      await (
        await fetch(`${api}/users/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        })
      ).json()
    ).token as string
    const auth = { authorization: `JWT ${token}`, 'content-type': 'application/json' }
    const post = (await (await fetch(`${api}/posts?limit=1&depth=0&sort=title`)).json()).docs[0]
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const scheduled = await fetch(`${api}/posts/${post.id}/schedule`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ action: 'unpublish', at }),
    })
    expect(scheduled.status).toBe(201)

    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } })
    await signIn(page)
    await page.goto(`${cms.url}/admin`)
    await page.locator('.mspn-dashboard').waitFor({ timeout: 60_000 })
    expect(await page.title()).toContain('MSPN DEV')
    for (const title of ['New inquiries', 'Scheduled, next 7 days', 'Drafts waiting', 'Site link', 'Recent changes'])
      await expect(page.locator('.mspn-dashboard__title', { hasText: title }).count()).resolves.toBe(1)
    await expect(page.locator('.mspn-dashboard a', { hasText: post.title }).count()).resolves.toBeGreaterThan(0)
    await page.screenshot({ path: `${shots}/mspn-admin-studio-dashboard.png`, fullPage: true })

    await page.goto(`${cms.url}/admin/collections/posts?limit=50`)
    const cell = page.locator('.mspn-scheduled', { hasText: 'Scheduled: unpublish' })
    await cell.first().waitFor({ timeout: 60_000 })
    expect(await cell.count()).toBe(1)
    await page.screenshot({ path: `${shots}/mspn-admin-posts-scheduled.png` })

    await page.goto(`${cms.url}/admin/account`)
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Rotate API key' }).click()
    const key = page.locator('[data-testid="new-api-key"]')
    await key.waitFor({ timeout: 30_000 })
    const apiKey = (await key.textContent()) ?? ''
    expect(apiKey).toMatch(/^[\w-]{40,}$/)
    await page.screenshot({ path: `${shots}/mspn-admin-account-rotated.png` })
    // The key shown is the account's key from now on.
    const me = await fetch(`${api}/users/me`, { headers: { authorization: `users API-Key ${apiKey}` } })
    expect((await me.json()).user?.email).toBe(ADMIN.email)
    await page.close()
  })
})
