/**
 * "The site is not its own attacker", through the real CMS (seeded SQLite, default budgets) and
 * the built site, as `npm start` runs them (shared REVALIDATE_SECRET, no TRUST_PROXY anywhere).
 * Two clients on one machine are told apart by their loopback source address:
 *
 * - one client asking for several hundred distinct uncached pages is refused at the site (429)
 *   once over its render budget, while a second client's uncached pages keep answering, and the
 *   CMS refuses none of the site's reads (its own, signed budget);
 * - `/services?v=1…150` is one route-cache entry;
 * - two visitors sending the contact form have separate CMS contact budgets (the site signs
 *   each visitor's address; the CMS trusts no X-Forwarded-For).
 *
 * The counts are printed (they depend on the machine's speed); the assertions are the outcomes.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { freePort, processes, root } from '../helpers/e2e.ts'

const SECRET = 'e2e-visitors-secret-0123456789abcdefghij'
const RENDER_LIMIT = 60
const running = processes()
let dir: string
let cmsUrl: string
let siteUrl: string

interface Answer {
  status: number
  cache: string | undefined
  headers: http.IncomingHttpHeaders
  body: string
}

/** One request from a chosen loopback source address: that is who the site sees. */
function send(localAddress: string, pathname: string, init: { method?: string; json?: unknown } = {}): Promise<Answer> {
  const url = new URL(pathname, siteUrl)
  const body = init.json === undefined ? undefined : JSON.stringify(init.json)
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: init.method ?? 'GET',
        localAddress,
        agent: false,
        headers:
          body === undefined
            ? {}
            : {
                'content-type': 'application/json',
                accept: 'application/json',
                'content-length': Buffer.byteLength(body),
              },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            cache: response.headers['x-route-cache'] as string | undefined,
            headers: response.headers,
            body: text,
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {})

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-visitors-e2e-'))
  const [cmsPort, sitePort] = [await freePort(), await freePort()]
  cmsUrl = `http://127.0.0.1:${cmsPort}`
  siteUrl = `http://127.0.0.1:${sitePort}`
  await running.start(
    'cms',
    ['--import', 'tsx', 'src/cli/start.ts'],
    path.join(root, 'cms'),
    {
      NODE_ENV: 'production',
      PORT: String(cmsPort),
      DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
      MEDIA_DIR: path.join(dir, 'media'),
      ADMIN_EMAIL: 'visitors@mspn.dev',
      ADMIN_PASSWORD: 'visitors-admin-password-1',
      SITE_URL: siteUrl,
      REVALIDATE_SECRET: SECRET,
      // The CMS's default API budget (600/min) stays: the site's reads must not need more of it.
      RATE_LIMIT_CONTACT_PER_HOUR: '2',
      CONTACT_MIN_FILL_SECONDS: '0',
      LOG_LEVEL: 'warn',
    },
    /MSPN DEV CMS is up/,
  )
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
      SITE_RENDER_LIMIT_PER_MINUTE: String(RENDER_LIMIT),
    },
    /Server listening/,
  )
}, 180_000)

afterAll(() => {
  running.stopAll()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('visitors through the real site and CMS', () => {
  it('keeps unknown query parameters out of the route cache key', async () => {
    const statuses: Answer[] = []
    for (let v = 1; v <= 150; v += 1) statuses.push(await send('127.0.0.6', `/services?v=${v}`))
    expect(statuses.every((answer) => answer.status === 200)).toBe(true)
    expect(statuses.filter((answer) => answer.cache === 'MISS')).toHaveLength(1)
    expect((await send('127.0.0.7', '/services')).cache).toBe('HIT')
  })

  it("refuses a flooding client at the site while another client's uncached pages keep answering", async () => {
    const flood: number[] = []
    const other: { path: string; status: number }[] = []
    const FLOOD = 400
    let next = 0
    const flooder = async () => {
      while (next < FLOOD) {
        const index = next++
        flood.push((await send('127.0.0.2', `/blog/no-such-post-${index}`)).status)
      }
    }
    // The second visitor: real pages (first visits: uncached) and unknown ones, throughout the flood.
    const visitor = async () => {
      const pages = [
        '/',
        '/projects',
        '/blog',
        '/demos',
        '/about',
        '/contact',
        '/services/web-applications',
        '/projects/ledgerly-real-time-bookkeeping',
      ]
      for (let index = 0; next < FLOOD; index += 1) {
        const pathname = index < pages.length ? pages[index]! : `/blog/visitor-b-missing-${index}`
        other.push({ path: pathname, status: (await send('127.0.0.3', pathname)).status })
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    await Promise.all([flooder(), flooder(), flooder(), flooder(), visitor()])

    const refused = flood.filter((status) => status === 429).length
    process.stdout.write(
      `flood from 127.0.0.2: ${JSON.stringify(tally(flood))}; 127.0.0.3 meanwhile: ${JSON.stringify(tally(other.map((o) => o.status)))} over ${other.length} requests\n`,
    )
    expect(refused).toBeGreaterThanOrEqual(FLOOD - RENDER_LIMIT)
    expect(flood.filter((status) => status !== 404 && status !== 429)).toEqual([])
    expect(other.length).toBeGreaterThanOrEqual(10)
    for (const { path: pathname, status } of other)
      expect(status, pathname).toBe(pathname.includes('missing') ? 404 : 200)

    // The CMS refused none of the site's reads (each read is one JSON log line on the site).
    const cmsReads = running
      .output('site')
      .split('\n')
      .filter((line) => /"msg":"cms request"/.test(line))
    const refusedByCms = cmsReads.filter((line) => /"status":(429|503)/.test(line))
    process.stdout.write(`the site's CMS requests: ${cmsReads.length}, refused by the CMS: ${refusedByCms.length}\n`)
    expect(cmsReads.length).toBeGreaterThan(0)
    expect(refusedByCms).toEqual([])
    expect(running.output('cms')).not.toMatch(/rate limit exceeded/)

    // The refusal is a small page with Retry-After and the site's security headers; cached pages still answer.
    const refusal = await send('127.0.0.2', '/blog/one-more-missing-post')
    expect(refusal.status).toBe(429)
    expect(Number(refusal.headers['retry-after'])).toBeGreaterThan(0)
    expect(refusal.headers['x-frame-options']).toBe('DENY')
    expect(refusal.headers['content-security-policy']).toBeDefined()
    expect(refusal.body).toContain('Too many requests')
    const cached = await send('127.0.0.2', '/services?v=999')
    expect([cached.status, cached.cache]).toEqual([200, 'HIT'])
  })

  it('gives two visitors sending the contact form separate contact budgets at the CMS', async () => {
    const message = (name: string) => ({
      name,
      email: `${name.toLowerCase()}@example.com`,
      message: `Hello from ${name}, we would like a website.`,
      sourcePage: '/contact',
      formStartedAt: Date.now() - 60_000,
    })
    const a: number[] = []
    for (let i = 0; i < 3; i += 1)
      a.push((await send('127.0.0.4', '/api/contact', { method: 'POST', json: message('Ada') })).status)
    const b = await send('127.0.0.5', '/api/contact', { method: 'POST', json: message('Grace') })
    process.stdout.write(`contact: 127.0.0.4 ${JSON.stringify(a)}, 127.0.0.5 ${b.status}\n`)
    expect(a).toEqual([200, 200, 429])
    expect(b.status).toBe(200)
    expect(JSON.parse(b.body)).toEqual({ ok: true })
  })
})
