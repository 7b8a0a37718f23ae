/**
 * Where the site is a static export, publishes request a build (SITE_BUILD_HOOK_URL): one signed
 * POST per burst of publishes, after a quiet moment, retried with backoff, never for draft saves,
 * and never holding up the save. Against a real HTTP server on loopback.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifySignature } from '@mspn/contract/signature'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { parseEnv } from '../../src/env'
import { createBuildHook, type BuildHook } from '../../src/jobs/buildHook'
import { richText } from '../../src/seed/lexical'
import { createUser, startTestCms, TEST_SECRET, type TestCms } from '../helpers/cms'

const SECRET = 'build-hook-secret-for-tests-0123456789'
const DEBOUNCE_MS = 300

interface Received {
  at: number
  signature: string
  body: string
}

const received: Received[] = []
/** Statuses to answer with, in order; then 200. */
const statuses: number[] = []
/** Answers wait for this (a slow builder). */
let gate: Promise<void> = Promise.resolve()
let answered = 0
const builder = http.createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/build')
      received.push({ at: Date.now(), signature: String(req.headers['x-mspn-signature']), body })
    void gate.then(() => {
      res.statusCode = statuses.shift() ?? 200
      res.end('{}')
      answered += 1
    })
  })
})

let cms: TestCms
let url: string
let authorId: number
let hook: BuildHook | undefined
const warnings: string[] = []
const logger = {
  debug: () => undefined,
  warn: (_: unknown, message: string) => void warnings.push(message),
  error: (_: unknown, message: string) => void warnings.push(message),
}

const post = (title: string, status: 'draft' | 'published') =>
  cms.payload.create({
    collection: 'posts',
    data: { title, excerpt: `${title} excerpt`, content: richText(`${title} body`), author: authorId, _status: status },
    draft: status === 'draft',
    overrideAccess: true,
  })

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
}

beforeAll(async () => {
  await new Promise<void>((resolve) => builder.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(builder.address() as AddressInfo).port}/build`
  cms = await startTestCms()
  authorId = (await createUser(cms, 'editor')).user.id
})

afterEach(async () => {
  await hook?.stop()
  hook = undefined
  received.length = 0
  statuses.length = 0
  warnings.length = 0
  gate = Promise.resolve()
  answered = 0
})

afterAll(async () => {
  await cms?.stop()
  builder.close()
})

describe('site build hook', () => {
  it('sends one signed request for a burst of publishes, once they stop', async () => {
    hook = createBuildHook({ url, secret: SECRET, logger, debounceMs: DEBOUNCE_MS })
    const first = await post('Burst one', 'published')
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS / 2))
    const second = await post('Burst two', 'published')
    const lastPublish = Date.now()
    await cms.payload.updateGlobal({ slug: 'footer', data: { note: 'Built' } })
    await until(() => received.length > 0)
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 2))
    expect(received).toHaveLength(1)
    expect(received[0].at - lastPublish).toBeGreaterThanOrEqual(DEBOUNCE_MS - 20)
    const { signature, body } = received[0]
    expect(verifySignature(SECRET, signature, body)).toMatchObject({ ok: true })
    expect(verifySignature('another-secret-that-is-long-enough-000', signature, body)).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(JSON.parse(body).changes).toEqual([
      { kind: 'collection', slug: 'posts', id: first.id, operation: 'create' },
      { kind: 'collection', slug: 'posts', id: second.id, operation: 'create' },
      { kind: 'global', slug: 'footer', operation: 'update' },
    ])
  })

  it('asks for no build for draft saves or private collections, but does for an unpublish', async () => {
    hook = createBuildHook({ url, secret: SECRET, logger, debounceMs: DEBOUNCE_MS })
    const draft = await post('Only a draft', 'draft')
    await cms.payload.update({
      collection: 'posts',
      id: draft.id,
      data: { title: 'Still a draft' },
      draft: true,
      overrideAccess: true,
    })
    await createUser(cms, 'author', 'Private Person')
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 3))
    expect(received).toEqual([])

    const published = await post('Withdrawn later', 'published')
    await until(() => received.length === 1)
    await cms.payload.update({
      collection: 'posts',
      id: published.id,
      data: { _status: 'draft' },
      overrideAccess: true,
    })
    await until(() => received.length === 2)
    expect(JSON.parse(received[1].body).changes).toEqual([
      { kind: 'collection', slug: 'posts', id: published.id, operation: 'update' },
    ])
  })

  it('retries with backoff while the builder fails, without holding up the publish', async () => {
    hook = createBuildHook({ url, secret: SECRET, logger, debounceMs: 0, backoffMs: 100 })
    statuses.push(503, 502)
    let open: () => void = () => undefined
    gate = new Promise((resolve) => (open = resolve))
    await post('Retried', 'published')
    // The save is done while the builder has not answered anything yet.
    expect(answered).toBe(0)
    open()
    await until(() => received.length === 3)
    expect(received).toHaveLength(3)
    // Backoff: 100 ms, then 200 ms.
    expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(90)
    expect(received[2].at - received[1].at).toBeGreaterThanOrEqual(190)
    expect(received[2].body).toBe(received[0].body)
    expect(warnings).toEqual([])
  })

  it('gives up on a refusal (4xx) at once, and after the last attempt when the builder is down', async () => {
    hook = createBuildHook({ url, secret: SECRET, logger, debounceMs: 0, backoffMs: 50, attempts: 3 })
    statuses.push(401)
    await post('Refused', 'published')
    await until(() => warnings.length > 0)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(received).toHaveLength(1)
    expect(warnings[0]).toMatch(/refused/)
    await hook.stop()

    warnings.length = 0
    hook = createBuildHook({
      url: 'http://127.0.0.1:9/build',
      secret: SECRET,
      logger,
      debounceMs: 0,
      backoffMs: 50,
      attempts: 3,
      timeoutMs: 500,
    })
    await post('Builder down', 'published')
    await hook.flush()
    await until(() => warnings.length > 0)
    expect(warnings[0]).toMatch(/unreachable/)
  })

  it('sends what is pending when the process stops', async () => {
    hook = createBuildHook({ url, secret: SECRET, logger, debounceMs: 60_000 })
    await post('Just before a restart', 'published')
    expect(received).toHaveLength(0)
    await hook.stop()
    hook = undefined
    expect(received).toHaveLength(1)
  })
})

describe('SITE_BUILD_HOOK_URL', () => {
  const base = { APP_ENV: 'test', PAYLOAD_SECRET: TEST_SECRET }

  it('is an http(s) URL that needs REVALIDATE_SECRET to sign with', () => {
    const env = parseEnv({
      ...base,
      REVALIDATE_SECRET: SECRET,
      SITE_BUILD_HOOK_URL: 'https://builds.example.com/hook/abc',
      SITE_BUILD_HOOK_DEBOUNCE_MS: '2000',
    })
    expect(env.siteBuildHook).toEqual({ url: 'https://builds.example.com/hook/abc', debounceMs: 2000 })
    expect(
      parseEnv({ ...base, REVALIDATE_SECRET: SECRET, SITE_BUILD_HOOK_URL: 'http://127.0.0.1:8080/build' }).siteBuildHook
        ?.debounceMs,
    ).toBe(5000)
    expect(parseEnv(base).siteBuildHook).toBeUndefined()
    expect(() =>
      parseEnv({ ...base, REVALIDATE_SECRET: SECRET, SITE_BUILD_HOOK_URL: 'ftp://builds.example.com/hook' }),
    ).toThrow(/SITE_BUILD_HOOK_URL: must be an http/)
    expect(() => parseEnv({ ...base, REVALIDATE_SECRET: SECRET, SITE_BUILD_HOOK_URL: 'not a url' })).toThrow(
      /SITE_BUILD_HOOK_URL/,
    )
    expect(() => parseEnv({ ...base, SITE_BUILD_HOOK_URL: 'https://builds.example.com/hook' })).toThrow(
      /SITE_BUILD_HOOK_URL: needs REVALIDATE_SECRET/,
    )
    expect(() =>
      parseEnv({
        ...base,
        REVALIDATE_SECRET: SECRET,
        SITE_BUILD_HOOK_URL: 'https://b.example.com/',
        SITE_BUILD_HOOK_DEBOUNCE_MS: '-1',
      }),
    ).toThrow(/SITE_BUILD_HOOK_DEBOUNCE_MS/)
  })
})
