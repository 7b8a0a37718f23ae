/**
 * `npm run build:static` against a real seeded CMS (bench/siteCms.ts: SQLite, demo content):
 * every page type is written as a file with the seeded content, drafts are not, the feeds name
 * the public origin; then, after an edit and a delete in the CMS, the next build fetches only
 * the changed post, drops the deleted service's page, and reports it, even after a server build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const out = path.join(root, 'site/dist-static')
const SITE_URL = 'https://static.mspn.test'
let cms: ChildProcess | undefined
let cmsUrl: string
let admin: { email: string; password: string }

function buildStatic(): string {
  const result = spawnSync('npm', ['run', 'build:static', '--silent'], {
    cwd: path.join(root, 'site'),
    env: { ...process.env, CMS_URL: cmsUrl, SITE_URL, NODE_ENV: 'production' },
    encoding: 'utf8',
  })
  expect(result.status, `${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).toBe(0)
  return result.stdout + result.stderr
}

const read = (file: string) => fs.readFileSync(path.join(out, file), 'utf8')

beforeAll(async () => {
  cms = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/siteCms.ts')], {
    cwd: path.join(root, 'cms'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let output = ''
  const ready = await new Promise<{ port: number; admin: typeof admin }>((resolve, reject) => {
    cms!.stderr?.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /READY (\{.*\})\n/.exec(output)
      if (match) resolve(JSON.parse(match[1]!))
    })
    cms!.once('exit', (code) => reject(new Error(`CMS exited ${code}:\n${output.slice(-2000)}`)))
    setTimeout(() => reject(new Error(`CMS not ready:\n${output.slice(-2000)}`)), 170_000).unref()
  })
  cmsUrl = `http://127.0.0.1:${ready.port}`
  admin = ready.admin
}, 180_000)

afterAll(() => {
  cms?.kill('SIGTERM')
})

async function token(): Promise<string> {
  const response = await fetch(`${cmsUrl}/api/v1/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  return `JWT ${((await response.json()) as { token: string }).token}`
}

async function idOf(collection: string, slug: string): Promise<number> {
  const list = (await (await fetch(`${cmsUrl}/api/v1/${collection}?where[slug][equals]=${slug}&depth=0`)).json()) as {
    docs: Array<{ id: number }>
  }
  return list.docs[0]!.id
}

describe('npm run build:static', () => {
  it('writes every page type with the seeded content, and nothing unpublished', () => {
    const log = buildStatic()
    expect(log).toMatch(/posts: \d+ fetched, 0 deleted/)
    const pages: [string, RegExp][] = [
      ['index.html', /We build fast, accessible software/],
      ['about/index.html', /A small studio with a long memory/],
      ['contact/index.html', /Project enquiry/],
      ['services/index.html', /Web applications/],
      ['services/web-applications/index.html', /Web applications/],
      ['projects/index.html', /Ledgerly/],
      ['projects/ledgerly-real-time-bookkeeping/index.html', /Ledgerly/],
      ['blog/index.html', /Why we moved our content sites to a headless CMS/],
      ['blog/page/2/index.html', /<article|class="card/],
      ['blog/category/engineering/index.html', /Blog: Engineering/],
      ['blog/accessibility-is-a-feature-not-a-phase/index.html', /Accessibility is a feature/],
      ['demos/index.html', /Project cost estimator/],
      ['demos/project-cost-estimator/index.html', /astro-island/],
      ['404.html', /We couldn’t find that page/],
    ]
    for (const [file, content] of pages) expect(read(file), file).toMatch(content)
    expect(read('about/index.html')).toContain(`<link rel="canonical" href="${SITE_URL}/about">`)
    expect(fs.existsSync(path.join(out, 'blog/dark-mode-done-right'))).toBe(false)
    expect(read('sitemap.xml')).toContain(`<loc>${SITE_URL}/about</loc>`)
    expect(read('sitemap.xml')).toContain(`<loc>${SITE_URL}/blog/category/engineering</loc>`)
    expect(read('robots.txt')).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`)
    expect(read('rss.xml')).toContain(`<link>${SITE_URL}/blog/accessibility-is-a-feature-not-a-phase</link>`)
    // No island on the page: no JavaScript at all.
    expect(read('about/index.html')).not.toMatch(/<script(?![^>]*application\/ld\+json)/)
  }, 120_000)

  it('fetches only what changed on the next build, and removes what was deleted', async () => {
    const auth = await token()
    const post = await idOf('posts', 'estimating-software-honestly')
    const service = await idOf('services', 'security-reviews')
    const patched = await fetch(`${cmsUrl}/api/v1/posts/${post}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ title: 'Estimating software, honestly (static edit)' }),
    })
    expect(patched.status).toBe(200)
    expect(
      (await fetch(`${cmsUrl}/api/v1/services/${service}`, { method: 'DELETE', headers: { authorization: auth } }))
        .status,
    ).toBe(200)

    // A server build in between (it has no collections) must not reset the export's store. It
    // goes to a directory of its own, so a server another test runs from site/dist is left alone.
    const serverOut = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-server-build-'))
    const server = spawnSync('npm', ['run', 'build', '--silent', '--', '--outDir', serverOut], {
      cwd: path.join(root, 'site'),
      encoding: 'utf8',
    })
    fs.rmSync(serverOut, { recursive: true, force: true })
    expect(server.status, server.stderr).toBe(0)
    // The server build renders dynamic pages on demand: no getStaticPaths for Astro to ignore, no Shiki.
    expect(server.stdout + server.stderr).not.toMatch(/getStaticPaths|Shiki/)

    const log = buildStatic()
    expect(log).toMatch(/posts: 1 fetched, 0 deleted, \d+ unchanged/)
    expect(log).toMatch(/services: 0 fetched, 1 deleted, 5 unchanged/)
    expect(log).toMatch(/projects: 0 fetched, 0 deleted, 6 unchanged/)
    expect(read('blog/estimating-software-honestly/index.html')).toContain(
      'Estimating software, honestly (static edit)',
    )
    expect(read('blog/index.html')).toContain('Estimating software, honestly (static edit)')
    expect(fs.existsSync(path.join(out, 'services/security-reviews/index.html'))).toBe(false)
    expect(read('services/index.html')).not.toContain('/services/security-reviews')

    // Only pages whose bytes changed were compressed again; every twin, reused or new, is its page.
    const precompressed = /precompressed (\d+) files \(\.gz, \.br\) for nginx, (\d+) of them changed/.exec(log)
    expect(precompressed, log.slice(-2000)).not.toBeNull()
    const [count, changed] = [Number(precompressed![1]), Number(precompressed![2])]
    expect(changed).toBeGreaterThan(0)
    expect(changed).toBeLessThan(count / 2)
    for (const page of ['blog/estimating-software-honestly/index.html', 'blog/index.html', 'about/index.html']) {
      const twin = (suffix: string) => fs.readFileSync(path.join(out, `${page}${suffix}`))
      expect(brotliDecompressSync(twin('.br')).toString('utf8'), page).toBe(read(page))
      expect(gunzipSync(twin('.gz')).toString('utf8'), page).toBe(read(page))
    }
  }, 180_000)
})
