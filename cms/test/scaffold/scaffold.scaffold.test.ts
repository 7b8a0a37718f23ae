/**
 * The scaffold end to end, in a scratch copy of the repository (tracked and unignored files, with
 * node_modules hard-linked, not copied): a taken, reserved or malformed name is refused and nothing
 * is written; `new:block` and `new:collection --routed --previewable --in-nav` run; both
 * workspaces type-check; the site is built and the stack started as `npm start` runs it (a fresh
 * SQLite database, so the CMS applies the generated migration); then a document created and
 * published through the API shows on its page, in the sitemap, in the draft preview and in
 * /api/v1/openapi.json, a change to it purges the cached page, the access matrix covers the new
 * collection, and the new block placed on a page renders.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { richText } from '../../src/seed/lexical'

const repo = path.resolve(import.meta.dirname, '../../..')
const SECRET = 'scaffold-revalidation-secret-0123456789abcdef'
const PREVIEW_SECRET = 'scaffold-preview-secret-0123456789abcdefgh'
const ADMIN = { email: 'scaffold@mspn.dev', password: 'scaffold-admin-password-1' }
const children: ChildProcess[] = []
let scratch: string
let cmsUrl: string
let siteUrl: string

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command in the scratch copy; resolves with its exit code and output. */
function run(command: string, args: string[], cwd = scratch, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function mustRun(command: string, args: string[], cwd = scratch): Promise<Run> {
  const result = await run(command, args, cwd)
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code}:\n${(result.stdout + result.stderr).slice(-4000)}`,
    )
  return result
}

/** Files of the scratch copy that differ from its first commit (git status, untracked included). */
async function treeChanges(): Promise<string> {
  return (await mustRun('git', ['status', '--porcelain', '--untracked-files=all'])).stdout
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** Starts a server; resolves with the first capture group of `ready` once its output matches. */
function start(args: string[], cwd: string, env: Record<string, string>, ready: RegExp): Promise<string> {
  // As `npm start` runs both: production mode.
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...env,
    NODE_ENV: 'production',
  }
  const child = spawn(process.execPath, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      const match = ready.exec(output)
      if (match) resolve(match[1] ?? '')
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`)))
    setTimeout(() => reject(new Error(`not ready in time:\n${output.slice(-3000)}`)), 170_000).unref()
  })
}

/** The scratch copy: every tracked or unignored file, node_modules as hard links, and a git baseline. */
async function copyRepository(): Promise<void> {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-scaffold-'))
  const listed = (await mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo)).stdout
    .split('\0')
    .filter(Boolean)
  for (const file of listed) {
    const from = path.join(repo, file)
    if (!fs.existsSync(from)) continue
    fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true })
    fs.copyFileSync(from, path.join(scratch, file))
  }
  for (const modules of ['node_modules', 'cms/node_modules', 'site/node_modules', 'contract/node_modules']) {
    if (fs.existsSync(path.join(repo, modules)))
      await mustRun('cp', ['-al', path.join(repo, modules), path.join(scratch, modules)], repo)
  }
  await mustRun('git', ['init', '-q'])
  await mustRun('git', ['add', '-A'])
  await mustRun('git', ['-c', 'user.name=scaffold test', '-c', 'user.email=scaffold@test', 'commit', '-qm', 'baseline'])
}

let login: Promise<string> | undefined
const adminAuth = () =>
  (login ??= (async () => {
    const response = await fetch(`${cmsUrl}/api/v1/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
    expect(response.status).toBe(200)
    return `JWT ${((await response.json()) as { token: string }).token}`
  })())

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${cmsUrl}/api/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: await adminAuth() },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() }
}

beforeAll(async () => {
  await copyRepository()
}, 120_000)

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGTERM')
          setTimeout(() => (child.kill('SIGKILL'), resolve()), 10_000).unref()
        }),
    ),
  )
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 5 })
}, 60_000)

describe('the scaffold refuses', () => {
  it.each([
    ['services', /already taken/],
    ['admin', /reserved/],
    ['blog', /reserved/],
    ['Case_Studies', /not a valid collection slug/],
  ])('new:collection %s, writing nothing', async (slug, message) => {
    const result = await run('npm', ['run', '--silent', 'new:collection', '--', slug, '--routed'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).toMatch(/Nothing was written/)
    expect(await treeChanges()).toBe('')
  })

  it('a taken block name, writing nothing', async () => {
    const result = await run('npm', ['run', '--silent', 'new:block', '--', 'hero', '--json'])
    expect(result.code).not.toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: expect.stringMatching(/already taken/) })
    expect(await treeChanges()).toBe('')
  })
})

describe('a scaffolded collection and block, end to end', () => {
  beforeAll(async () => {
    const block = JSON.parse(
      (await mustRun('npm', ['run', '--silent', 'new:block', '--', 'pricing-table', '--json'])).stdout,
    )
    expect(block).toMatchObject({ ok: true, slug: 'pricingTable' })
    const collection = JSON.parse(
      (
        await mustRun('npm', [
          'run',
          '--silent',
          'new:collection',
          '--',
          'case-studies',
          '--routed',
          '--previewable',
          '--in-nav',
          '--json',
        ])
      ).stdout,
    )
    expect(collection).toMatchObject({ ok: true, slug: 'case-studies' })
    const written = (collection.changes as { path: string }[]).map((change) => change.path)
    for (const expected of [
      'cms/src/collections/CaseStudies/index.ts',
      'site/src/cms/collections/caseStudies.ts',
      'site/src/views/CaseStudiesView.astro',
      'site/src/pages/case-studies/[slug].astro',
    ]) {
      expect(written).toContain(expected)
    }
    expect(
      written.filter((file) => /migrations\/(sqlite|postgres)\/\d{8}_\d{6}_case_studies\.ts$/.test(file)),
    ).toHaveLength(2)
    expect(written).toContain('cms/src/payload-types.ts')

    // Both workspaces type-check with what was generated (the two checks side by side: two cores).
    await Promise.all([
      mustRun('npx', ['tsc', '--noEmit'], path.join(scratch, 'cms')),
      mustRun('npx', ['astro', 'check'], path.join(scratch, 'site')),
    ])
    // What it wrote follows the repository's style: file names and formatting (what `npm run lint` checks).
    await mustRun(process.execPath, ['scripts/checkFileNames.mjs'], scratch)
    const writtenByBoth = [...written, ...(block.changes as { path: string }[]).map((change) => change.path)]
    await mustRun('npx', ['prettier', '--check', ...new Set(writtenByBoth)], scratch)
    await mustRun('npm', ['run', 'build', '--silent'], path.join(scratch, 'site'))

    const sitePort = await freePort()
    siteUrl = `http://127.0.0.1:${sitePort}`
    const data = fs.mkdtempSync(path.join(scratch, 'data-'))
    const cmsEnv = {
      // A fresh database: the seed applies every migration, the scaffolded ones included, then seeds (the stub too).
      DATABASE_URL: `file:${path.join(data, 'cms.db')}`,
      MEDIA_DIR: path.join(data, 'media'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SITE_URL: siteUrl,
      REVALIDATE_SECRET: SECRET,
      PREVIEW_SECRET,
      PAYLOAD_SECRET: 'scaffold-payload-secret-0123456789abcdefgh',
      LOG_LEVEL: 'warn',
    }
    const seeded = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/seed.ts'],
      path.join(scratch, 'cms'),
      cmsEnv,
    )
    expect(seeded.code, (seeded.stdout + seeded.stderr).slice(-3000)).toBe(0)
    // The real app without the admin panel (Next.js would be compiled first in a fresh copy): the API is what is tested.
    cmsUrl = await start(
      ['--import', 'tsx', 'test/helpers/apiServer.ts'],
      path.join(scratch, 'cms'),
      cmsEnv,
      /READY (\S+)/,
    )
    await start(
      [path.join(scratch, 'site/server.mjs')],
      path.join(scratch, 'site'),
      {
        HOST: '127.0.0.1',
        PORT: String(sitePort),
        SITE_URL: siteUrl,
        CMS_URL: cmsUrl,
        REVALIDATE_SECRET: SECRET,
        PREVIEW_SECRET,
        SITE_RENDER_LIMIT_PER_MINUTE: '100000',
      },
      /Server listening/,
    )
  }, 900_000)

  it('creates and publishes a document with only a title, and shows it on its page, the index and the sitemap', async () => {
    const created = await api('POST', '/case-studies', { title: 'Hello from the scaffold', _status: 'published' })
    expect(created.status).toBe(201)
    expect(created.json.doc).toMatchObject({ slug: 'hello-from-the-scaffold', _status: 'published' })
    const page = await fetch(`${siteUrl}/case-studies/hello-from-the-scaffold`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Hello from the scaffold')
    expect(await (await fetch(`${siteUrl}/case-studies`)).text()).toContain('/case-studies/hello-from-the-scaffold')
    const sitemap = await (await fetch(`${siteUrl}/sitemap.xml`)).text()
    expect(sitemap).toContain(`${siteUrl}/case-studies/hello-from-the-scaffold`)
    // The seed stub and the navigation entry.
    expect((await fetch(`${siteUrl}/case-studies/case-studies-example`)).status).toBe(200)
    expect(await (await fetch(`${siteUrl}/`)).text()).toMatch(/href="\/case-studies"/)
  })

  it('shows a draft in the preview only', async () => {
    const draft = await api('POST', '/case-studies?draft=true', { title: 'A draft case study', _status: 'draft' })
    expect(draft.status).toBe(201)
    expect((await fetch(`${siteUrl}/case-studies/${draft.json.doc.slug}`)).status).toBe(404)
    const me = await api('GET', '/users/me')
    // Signed by the scratch copy's contract, whose registry the scaffold made previewable (this one's does not know the collection).
    const scope = {
      collection: 'case-studies',
      id: String(draft.json.doc.id),
      userId: String(me.json.user.id),
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    }
    const signer = `import { signPreviewToken } from '@mspn/contract/preview-token'; process.stdout.write(signPreviewToken(${JSON.stringify(PREVIEW_SECRET)}, ${JSON.stringify(scope)}))`
    const token = (
      await mustRun(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', signer],
        path.join(scratch, 'cms'),
      )
    ).stdout
    const preview = await fetch(`${siteUrl}/preview?token=${encodeURIComponent(token)}`)
    expect(preview.status).toBe(200)
    expect(await preview.text()).toContain('A draft case study')
  })

  it('is described in /api/v1/openapi.json', async () => {
    const document = (await (await fetch(`${cmsUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/case-studies', '/case-studies/{id}']))
  })

  it('purges its cached page when it changes', async () => {
    const route = `${siteUrl}/case-studies/hello-from-the-scaffold`
    await fetch(route)
    expect((await fetch(route)).headers.get('x-route-cache')).toBe('HIT')
    const found = await api('GET', '/case-studies?where[slug][equals]=hello-from-the-scaffold&depth=0')
    const patched = await api('PATCH', `/case-studies/${found.json.docs[0].id}`, {
      title: 'Hello again from the scaffold',
    })
    expect(patched.status).toBe(200)
    let html = ''
    for (let tries = 0; tries < 100 && !html.includes('Hello again'); tries += 1) {
      html = await (await fetch(route)).text()
      if (!html.includes('Hello again')) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(html).toContain('Hello again from the scaffold')
  })

  it('renders the scaffolded block placed on a page', async () => {
    const page = await api('POST', '/pages', {
      title: 'Prices',
      _status: 'published',
      layout: [{ blockType: 'pricingTable', heading: 'What it costs', body: richText('Less than you think.') }],
    })
    expect(page.status).toBe(201)
    const html = await (await fetch(`${siteUrl}/${page.json.doc.slug}`)).text()
    expect(html).toContain('What it costs')
    expect(html).toContain('Less than you think.')
  })

  it('is covered by the access matrix', async () => {
    const matrix = await run(
      'npx',
      [
        'vitest',
        'run',
        '--project',
        'int:sqlite',
        'test/int/security/accessMatrix.int.test.ts',
        '-t',
        'collection case-studies',
      ],
      path.join(scratch, 'cms'),
      {
        TEST_POSTGRES_URL: '',
        TEST_MONGODB_URL: '',
      },
    )
    expect(matrix.code, matrix.stdout.slice(-3000)).toBe(0)
    // 9 operations (the trash included) × 5 callers, each over REST, GraphQL and the Local API.
    expect(matrix.stdout).toMatch(/45 passed/)
  }, 300_000)
})
