/** The static export's redirects: read from a real HTTP server answering like the CMS, written as files and pages. */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

import { fetchRedirects, redirectFiles, writeStaticRedirects } from '../../staticRedirects.mjs'
import { sendJson, startServer, type TestServer } from '../helpers/server.ts'

let server: TestServer | undefined
let dir: string | undefined
afterEach(async () => {
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  server = undefined
  dir = undefined
})

const RULES = [
  { from: '/old', type: '301', destination: '/new?x=1' },
  { from: '/caf%C3%A9', type: '302', destination: 'https://partner.example/"quoted"' },
  { from: '/retired', type: '410', destination: null },
]

describe('static export redirects', () => {
  it('reads every page of the CMS table', async () => {
    server = await startServer((request, response) => {
      const page = Number(new URL(request.url, 'http://cms').searchParams.get('page'))
      sendJson(response, 200, { docs: page === 1 ? RULES.slice(0, 2) : RULES.slice(2), hasNextPage: page === 1 })
    })
    expect(await fetchRedirects(server.origin)).toEqual(RULES)
    expect(server.requests.map((r) => new URL(r.url, 'http://cms').pathname)).toEqual([
      '/api/v1/redirects',
      '/api/v1/redirects',
    ])
  })

  it('fails the build when the CMS cannot answer', async () => {
    server = await startServer((_request, response) => sendJson(response, 503, { errors: [] }))
    await expect(fetchRedirects(server.origin)).rejects.toThrow(/503/)
  })

  it('writes _redirects, an nginx include and meta-refresh pages with a canonical link', async () => {
    const files = redirectFiles(RULES)
    expect(files._redirects).toBe(
      '/old /new?x=1 301\n/caf%C3%A9 https://partner.example/"quoted" 302\n/retired /410 410\n',
    )
    expect(files['redirects.nginx.conf']).toContain('location = "/old" { return 301 "/new?x=1"; }')
    expect(files['redirects.nginx.conf']).toContain('{ return 302 "https://partner.example/\\"quoted\\""; }')
    expect(files['redirects.nginx.conf']).toContain('location = "/retired" { return 410; }')

    dir = await mkdtemp(path.join(os.tmpdir(), 'mspn-static-redirects-'))
    const written = await writeStaticRedirects(
      dir,
      [...RULES, { from: '/%2E%2E/escape', type: '301', destination: '/x' }],
      'https://www.example.com',
    )
    expect(written.pages).toBe(2)
    const page = await readFile(path.join(dir, 'old', 'index.html'), 'utf8')
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/new?x=1">')
    expect(page).toContain('<link rel="canonical" href="https://www.example.com/new?x=1">')
    const encoded = await readFile(path.join(dir, 'café', 'index.html'), 'utf8')
    expect(encoded).toContain('href="https://partner.example/&quot;quoted&quot;"')
    expect(await readFile(path.join(dir, '_redirects'), 'utf8')).toContain(files._redirects)
  })
})
