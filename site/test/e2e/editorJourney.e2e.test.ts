/**
 * An editor's day, end to end: the CMS as `npm start` runs it (seeded SQLite), the built site, a real
 * SMTP server started here, and Chromium.
 * - A post scheduled a few seconds ahead appears on the site although nobody opens the admin and the
 *   CMS process restarts before it is due.
 * - A contact form sent on the site arrives as email at the studio's address; marking the inquiry
 *   read in the admin drops the unread count in its navigation.
 * - A published post whose slug is renamed answers 301 from its old URL.
 * - A new post is found through /search with a typo in the query.
 * - A navigation change saved as a draft shows in preview only, and on the site once published.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { Browser } from 'playwright-core'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PREVIEW_GLOBALS_TARGET, signPreviewToken } from '@mspn/contract/preview-token'

import { freePort, launchChromium, processes, root } from '../helpers/e2e.ts'

const SECRET = 'e2e-journey-revalidation-secret-0123456789'
const PREVIEW_SECRET = 'e2e-journey-preview-secret-0123456789abcd'
const ADMIN = { email: 'journey-admin@mspn.dev', password: 'Journey-admin-password-1' }
const EDITOR = { email: 'journey-editor@mspn.dev', password: 'Journey-editor-password-73', name: 'Edie Journey' }
const STUDIO_INBOX = 'studio-inbox@mspn.dev'

const running = processes()
const mails: ParsedMail[] = []
let smtp: SMTPServer
let dir: string
let cmsPort: number
let cmsUrl: string
let siteUrl: string
let cms: ChildProcess
let browser: Browser
let editor: { auth: string; id: string }

const startCms = () =>
  running.start(
    'cms',
    ['--import', 'tsx', 'src/cli/start.ts'],
    path.join(root, 'cms'),
    {
      NODE_ENV: 'production',
      PORT: String(cmsPort),
      DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
      MEDIA_DIR: path.join(dir, 'media'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SITE_URL: siteUrl,
      REVALIDATE_SECRET: SECRET,
      PREVIEW_SECRET,
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as net.AddressInfo).port}`,
      JOBS_INTERVAL_MS: '500',
      LOG_LEVEL: 'warn',
    },
    /MSPN DEV CMS is up/,
    240_000,
  )

/** Polls until `check` holds (or throws its last failure after `timeoutMs`). */
async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const result = await check().catch(() => undefined)
    if (result) return result
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function api<T = Record<string, unknown>>(
  method: string,
  url: string,
  auth: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cmsUrl}/api/v1${url}`, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: response.status, body: (await response.json()) as T }
}

async function login(account: { email: string; password: string }): Promise<{ auth: string; id: string }> {
  const { status, body } = await api<{ token: string; user: { id: number } }>('POST', '/users/login', '', account)
  expect(status).toBe(200)
  return { auth: `JWT ${body.token}`, id: String(body.user.id) }
}

const richText = (text: string) => ({
  root: {
    type: 'root',
    version: 1,
    direction: 'ltr',
    format: '',
    indent: 0,
    children: [
      {
        type: 'paragraph',
        version: 1,
        direction: 'ltr',
        format: '',
        indent: 0,
        textFormat: 0,
        children: [{ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }],
      },
    ],
  },
})

async function createPost(title: string, status: 'draft' | 'published'): Promise<{ id: number; slug: string }> {
  const { status: code, body } = await api<{ doc: { id: number; slug: string } }>(
    'POST',
    `/posts${status === 'draft' ? '?draft=true' : ''}`,
    editor.auth,
    { title, excerpt: `${title}, in brief.`, content: richText(`${title}, in full.`), _status: status },
  )
  expect(code, JSON.stringify(body)).toBe(201)
  return body.doc
}

const sitePage = async (route: string) => {
  const response = await fetch(`${siteUrl}${route}`, { redirect: 'manual' })
  return { status: response.status, location: response.headers.get('location'), text: await response.text() }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-journey-'))
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const sitePort = await freePort()
  cmsPort = await freePort()
  cmsUrl = `http://127.0.0.1:${cmsPort}`
  siteUrl = `http://127.0.0.1:${sitePort}`
  cms = await startCms()
  await running.start(
    'site',
    [path.join(root, 'site/server.mjs')],
    path.join(root, 'site'),
    {
      HOST: '127.0.0.1',
      PORT: String(sitePort),
      SITE_URL: siteUrl,
      CMS_URL: cmsUrl,
      REVALIDATE_SECRET: SECRET,
      PREVIEW_SECRET,
      SITE_RENDER_LIMIT_PER_MINUTE: '100000',
    },
    /Server listening|localhost|127\.0\.0\.1/,
    240_000,
  )
  browser = await launchChromium()
  // The studio: an editor account, and the address inquiries go to (site settings are the admin's).
  const admin = await login(ADMIN)
  const created = await api('POST', '/users', admin.auth, { ...EDITOR, role: 'editor' })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const settings = await api('POST', '/globals/site-settings', admin.auth, {
    inquiryEmails: { recipients: [{ email: STUDIO_INBOX }] },
    _status: 'published',
  })
  expect(settings.status, JSON.stringify(settings.body)).toBe(200)
  editor = await login(EDITOR)
}, 600_000)

afterAll(async () => {
  await browser?.close()
  running.stopAll()
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()))
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe("an editor's day", () => {
  it('schedules a post, and the site shows it on time although the CMS restarted and nobody opened the admin', async () => {
    const post = await createPost('Scheduled through a restart', 'draft')
    const at = new Date(Date.now() + 5000).toISOString()
    const scheduled = await api('POST', `/posts/${post.id}/schedule`, editor.auth, { action: 'publish', at })
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBeLessThan(300)

    const exited = new Promise((resolve) => cms.once('exit', resolve))
    cms.kill('SIGTERM')
    await exited
    cms = await startCms()

    await eventually(async () => (await sitePage(`/blog/${post.slug}`)).status === 200, 90_000)
    const page = await browser.newPage()
    await page.goto(`${siteUrl}/blog/${post.slug}`)
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Scheduled through a restart')
    await page.close()
  }, 240_000)

  it('gets a contact form to the studio by email, and marking the inquiry read drops the unread count', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${siteUrl}/contact`)
    await page.fill('input[name="name"]', 'Journey Visitor')
    await page.fill('input[name="email"]', 'journey-visitor@example.com')
    await page.fill('textarea[name="message"]', 'We would like a quote for a <b>new</b> website.')
    // The CMS refuses forms sent faster than a human could.
    await new Promise((resolve) => setTimeout(resolve, 3500))
    await Promise.all([page.waitForURL(/sent=1/), page.click('form[action="/api/contact"] button[type="submit"]')])
    await context.close()

    const mail = await eventually(async () =>
      mails.find((m) => m.text?.includes('We would like a quote') && JSON.stringify(m.to).includes(STUDIO_INBOX)),
    )
    expect(mail.html || '').not.toContain('<b>new</b>')

    const inquiry = (
      await api<{ docs: { id: number }[] }>(
        'GET',
        '/inquiries?where[email][equals]=journey-visitor@example.com',
        editor.auth,
      )
    ).body.docs[0]!
    // Wide enough for the admin to keep its navigation open.
    const admin = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
    const adminPage = await admin.newPage()
    await adminPage.goto(`${cmsUrl}/admin/login`, { waitUntil: 'networkidle' })
    await adminPage.fill('input[name="email"]', EDITOR.email)
    await adminPage.fill('input[name="password"]', EDITOR.password)
    await Promise.all([
      adminPage.waitForURL((url) => !url.pathname.includes('/login'), { timeout: 60_000 }),
      adminPage.click('button[type="submit"]'),
    ])
    const count = adminPage.getByTestId('unread-inquiries-count')
    await count.first().waitFor({ timeout: 60_000 })
    const before = Number(await count.first().textContent())
    expect(before).toBeGreaterThan(0)

    await adminPage.goto(`${cmsUrl}/admin/collections/inquiries/${inquiry.id}`, { waitUntil: 'networkidle' })
    await adminPage.locator('input#field-read').check()
    await adminPage.locator('#action-save').click()
    await eventually(async () => Number(await count.first().textContent()) === before - 1, 30_000)
    await admin.close()
  }, 180_000)

  it('answers 301 from the old URL of a published post whose slug changed', async () => {
    const post = await createPost('Renamed after publishing', 'published')
    await eventually(async () => (await sitePage(`/blog/${post.slug}`)).status === 200, 30_000)
    const renamed = await api('PATCH', `/posts/${post.id}`, editor.auth, {
      slug: 'renamed-after-publishing-v2',
      _status: 'published',
    })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)

    const answer = await eventually(async () => {
      const old = await sitePage(`/blog/${post.slug}`)
      return old.status === 301 ? old : undefined
    }, 30_000)
    expect(new URL(answer.location ?? '', siteUrl).pathname).toBe('/blog/renamed-after-publishing-v2')
    const page = await browser.newPage()
    await page.goto(`${siteUrl}/blog/${post.slug}`)
    expect(new URL(page.url()).pathname).toBe('/blog/renamed-after-publishing-v2')
    await page.close()
  }, 90_000)

  it('finds a newly published post through /search with a typo in the query', async () => {
    await createPost('Kaleidoscopic harbour lanterns', 'published')
    await eventually(async () => (await sitePage('/search?q=kaleidscopic')).text.includes('harbour lanterns'), 30_000)
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${siteUrl}/search?q=kaleidscopic`)
    await expect(page.getByText('Kaleidoscopic harbour lanterns').first().isVisible()).resolves.toBe(true)
    await context.close()
  }, 90_000)

  it('keeps a navigation draft to preview until it is published', async () => {
    const current = await api<{ items: { link: Record<string, unknown> }[] }>(
      'GET',
      '/globals/navigation?depth=0&draft=true',
      editor.auth,
    )
    const items = current.body.items.map((item, index) =>
      index === 0 ? { ...item, link: { ...item.link, label: 'Journey Desk' } } : item,
    )
    const draft = await api('POST', '/globals/navigation?draft=true', editor.auth, { items, _status: 'draft' })
    expect(draft.status, JSON.stringify(draft.body)).toBe(200)
    expect((await sitePage('/')).text).not.toContain('Journey Desk')

    const token = signPreviewToken(PREVIEW_SECRET, {
      collection: PREVIEW_GLOBALS_TARGET,
      id: 'navigation',
      userId: editor.id,
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    })
    const page = await browser.newPage()
    await page.goto(`${siteUrl}/preview?token=${encodeURIComponent(token)}`)
    await expect(page.getByText('Journey Desk').first().isVisible()).resolves.toBe(true)
    await page.close()

    const published = await api('POST', '/globals/navigation', editor.auth, { items, _status: 'published' })
    expect(published.status, JSON.stringify(published.body)).toBe(200)
    await eventually(async () => (await sitePage('/')).text.includes('Journey Desk'), 30_000)
  }, 90_000)
})
