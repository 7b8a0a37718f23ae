/** The CMS tells the site what changed: one signed, batched POST per burst of edits, retried, never blocking saves. */
import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import pino from 'pino'

import { richText } from '../../src/seed/lexical'
import { createSiteRevalidator } from '../../src/server/siteRevalidator'
import { startTestCms, type TestCms } from '../helpers/cms'

const SECRET = 'revalidation-secret-for-tests-0123456789'

interface Received {
  signature: string
  body: string
}

/** A stand-in site: records what it receives and answers with the queued statuses (then 200). */
function fakeSite() {
  const received: Received[] = []
  const statuses: number[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.url === '/_cache/invalidate' && req.method === 'POST')
        received.push({ signature: String(req.headers['x-mspn-signature']), body })
      res.statusCode = statuses.shift() ?? 200
      res.end('{}')
    })
  })
  return { server, received, statuses }
}

const site = fakeSite()
const secondSite = fakeSite()
let cms: TestCms

const listenSite = async (fake: ReturnType<typeof fakeSite>) => {
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  const siteUrls = [await listenSite(site), await listenSite(secondSite)]
  cms = await startTestCms({
    env: { REVALIDATE_SECRET: SECRET, SITE_URL: 'https://www.example.test', SITE_INVALIDATE_URLS: siteUrls.join(',') },
  })
})

afterAll(async () => {
  await cms?.stop()
  site.server.close()
  secondSite.server.close()
})

const waitFor = async (count: number) => {
  for (let attempt = 0; attempt < 100 && site.received.length < count; attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('site cache invalidation', () => {
  it('sends one signed request for a burst of changes', async () => {
    site.received.length = 0
    await cms.payload.create({ collection: 'categories', data: { title: 'Alpha' } })
    await cms.payload.create({ collection: 'categories', data: { title: 'Beta' } })
    await cms.payload.updateGlobal({ slug: 'footer', data: { note: 'Updated' } })
    await waitFor(1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(site.received).toHaveLength(1)
    const { signature, body } = site.received[0]
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)
    expect(match).not.toBeNull()
    const expected = createHmac('sha256', SECRET).update(`${match?.[1]}.${body}`).digest('hex')
    expect(match?.[2]).toBe(expected)
    expect(Math.abs(Number(match?.[1]) - Date.now() / 1000)).toBeLessThan(60)
    const { changes } = JSON.parse(body)
    expect(
      changes.map((c: { kind: string; slug: string; operation: string }) => `${c.kind}:${c.slug}:${c.operation}`),
    ).toEqual(['collection:categories:create', 'collection:categories:create', 'global:footer:update'])
    // Every site process listed gets the same notification (each has its own route cache).
    expect(secondSite.received.map((r) => r.body)).toContain(body)
  })

  it('leaves private collections out', async () => {
    site.received.length = 0
    await cms.payload.create({
      collection: 'inquiries',
      data: { name: 'A', email: 'a@b.co', message: 'Private message here', status: 'new' },
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(site.received).toHaveLength(0)
  })

  it('retries when the site answers 5xx, and gives up on 4xx without retrying', async () => {
    site.received.length = 0
    site.statuses.push(503)
    await cms.payload.create({ collection: 'categories', data: { title: 'Gamma' } })
    await waitFor(2)
    expect(site.received).toHaveLength(2)
    expect(site.received[0].body).toBe(site.received[1].body)

    site.received.length = 0
    site.statuses.push(401)
    await cms.payload.create({ collection: 'categories', data: { title: 'Delta' } })
    await waitFor(1)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(site.received).toHaveLength(1)
  })
})

describe('what visitors see, and only that', () => {
  const changesFor = (id: number | string) =>
    site.received
      .flatMap((r) => JSON.parse(r.body).changes as { slug: string; id?: number | string; operation: string }[])
      .filter((c) => c.slug === 'posts' && String(c.id) === String(id))

  it('purges for an unpublish that follows a draft edit, and never for a draft save of a draft', async () => {
    const post = await cms.payload.create({
      collection: 'posts',
      data: {
        title: 'Seen, edited, withdrawn',
        excerpt: 'Published first.',
        content: richText('Published body.'),
        _status: 'published',
      },
    })
    await waitFor(1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    // A draft edit of the published post: visitors still see the published text.
    await cms.payload.update({ collection: 'posts', id: post.id, draft: true, data: { excerpt: 'A pending edit.' } })
    await new Promise((resolve) => setTimeout(resolve, 300))
    site.received.length = 0
    // A second draft save (the previous version is now a draft): nothing public changed.
    await cms.payload.update({ collection: 'posts', id: post.id, draft: true, data: { excerpt: 'Another edit.' } })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(changesFor(post.id)).toEqual([])
    // The unpublish: its previous document is the draft, yet the post leaves the site.
    await cms.payload.update({ collection: 'posts', id: post.id, data: { _status: 'draft' } })
    await waitFor(1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(changesFor(post.id).map((c) => c.operation)).toEqual(['update'])
  })
})

describe('with the site down', () => {
  it('still saves, and delivery gives up after its retries', async () => {
    const unreachable = createSiteRevalidator({
      siteUrls: ['http://127.0.0.1:1'],
      secret: SECRET,
      logger: pino({ level: 'silent' }),
      attempts: 2,
    })
    try {
      const doc = await cms.payload.create({ collection: 'categories', data: { title: 'Saved anyway' } })
      expect(doc.slug).toBe('saved-anyway')
      await expect(unreachable.flush()).resolves.toBeUndefined()
      expect(
        (await cms.payload.find({ collection: 'categories', where: { slug: { equals: 'saved-anyway' } } })).totalDocs,
      ).toBe(1)
    } finally {
      await unreachable.stop()
    }
  })
})
