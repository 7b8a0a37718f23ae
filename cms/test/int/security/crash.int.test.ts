/**
 * Crash safety: 1,000 concurrent writes against the real API process, a SIGKILL midway, a restart
 * on the same database. Every write that was answered 2xx must be there exactly as sent, and no
 * document may be half-written. Each document carries one nonce from which every field is derived
 * (title, hash in the excerpt/description, nonce in the rich text), so a torn write shows.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootPayload } from '../../../src/cli/boot'
import { closeDatabase } from '../../../src/database'
import { parseEnv } from '../../../src/env'
import { richText } from '../../../src/seed/lexical'
import { TEST_SECRET } from '../../helpers/cms'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { request } from '../../helpers/http'
import { startApiProcess, type ApiProcess } from '../../helpers/process'

const TOTAL_WRITES = 1000
const CONCURRENCY = 50
/** SIGKILL once this many writes have been acknowledged: well inside the run. */
const KILL_AFTER_ACKS = 350

const hash = (nonce: string) => createHash('sha256').update(nonce).digest('hex').slice(0, 40)
const remove = (list: string[], item: string) => {
  const at = list.indexOf(item)
  if (at >= 0) list.splice(at, 1)
}
const nonceOf = (title: string) => /^(?:cat|post) ([0-9a-f]{16})$/.exec(title)?.[1]

type Status = 'draft' | 'published'
interface PostContent {
  nonce: string
  status: Status
}

function postBody(nonce: string, status: Status) {
  return { title: `post ${nonce}`, excerpt: hash(nonce), content: richText(`body ${nonce}`), _status: status }
}

/** The nonce a post's rich text carries, or undefined when the text is not what we wrote. */
function contentNonce(content: unknown): string | undefined {
  const text = (content as { root?: { children?: { children?: { text?: string }[] }[] } })?.root?.children?.[0]
    ?.children?.[0]?.text
  return /^body ([0-9a-f]{16})$/.exec(text ?? '')?.[1]
}

interface PostDoc {
  id: number | string
  title: string
  excerpt: string
  content: unknown
  _status: Status
}

/** Every field of a post (or of a version's snapshot) comes from the same nonce. */
function expectWhole(doc: Omit<PostDoc, 'id'>, where: string): string {
  const nonce = nonceOf(doc.title)
  expect(nonce, `${where}: title ${doc.title}`).toBeDefined()
  expect(doc.excerpt, `${where}: excerpt`).toBe(hash(nonce as string))
  expect(contentNonce(doc.content), `${where}: content`).toBe(nonce)
  return nonce as string
}

let db: TestDatabase
let mediaDir: string
let env: Record<string, string>
let auth: string
let cms: ApiProcess | undefined

beforeAll(async () => {
  db = await createTestDatabase()
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-crash-media-'))
  env = {
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    MEDIA_DIR: mediaDir,
    RATE_LIMIT_API_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGIN_PER_15_MINUTES: '10000',
  }
  // An admin with an API key, created through Payload before the server process exists.
  const payload = await bootPayload(parseEnv({ APP_ENV: 'test', LOG_LEVEL: 'silent', ...env }))
  const apiKey = randomUUID()
  await payload.create({
    collection: 'users',
    data: {
      email: 'crash-admin@test.mspn.dev',
      password: 'crash-admin-password',
      name: 'Crash Admin',
      role: 'admin',
      enableAPIKey: true,
      apiKey,
    },
    overrideAccess: true,
  })
  await closeDatabase(payload)
  auth = `users API-Key ${apiKey}`
})

afterAll(async () => {
  await cms?.stop()
  await db?.drop()
  if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
})

describe('a crash in the middle of concurrent writes', () => {
  it('loses no acknowledged write and leaves no half-written document', async () => {
    cms = await startApiProcess(env)
    const api = `${cms.url}/api/v1`

    // What was sent, and what was acknowledged with a 2xx.
    const sentNonces = new Set<string>()
    const ackedCategories = new Map<string, { title: string; description: string }>()
    const ackedPosts = new Map<string, PostContent>()
    /** Follow-up writes on a post (one per post at most): the content it must have if acknowledged. */
    const followUps = new Map<string, { content: PostContent; acked: boolean }>()
    const drafts: string[] = []
    const anyPosts: string[] = []
    let acks = 0
    let failures = 0
    let killed: Promise<void> | undefined

    const send = async (url: string, method: string, json: unknown) => {
      try {
        const response = await request(url, { method, json, auth, signal: AbortSignal.timeout(60_000) })
        if (response.status >= 200 && response.status < 300) {
          acks += 1
          if (acks === KILL_AFTER_ACKS && cms) killed = cms.kill()
          return response.body
        }
        // Before the kill every write must succeed: anything else is a bug, not the crash.
        if (!killed) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(response.body)}`)
      } catch (error) {
        if (!killed) throw error
      }
      failures += 1
      return undefined
    }

    const operation = async (index: number) => {
      const nonce = randomBytes(8).toString('hex')
      sentNonces.add(nonce)
      const kind = index % 10
      if (kind === 8 && anyPosts.length > 0) {
        // An update that also publishes: new content in the main row and a new version.
        const id = anyPosts.splice(Math.floor(Math.random() * anyPosts.length), 1)[0]
        remove(drafts, id)
        const followUp = { content: { nonce, status: 'published' as const }, acked: false }
        followUps.set(id, followUp)
        if (await send(`${api}/posts/${id}`, 'PATCH', postBody(nonce, 'published'))) followUp.acked = true
        return
      }
      if (kind === 9 && drafts.length > 0) {
        // A publish of a draft: status flips in the main row, a published version is written.
        const id = drafts.splice(Math.floor(Math.random() * drafts.length), 1)[0]
        remove(anyPosts, id)
        const before = ackedPosts.get(id) as PostContent
        const followUp = { content: { nonce: before.nonce, status: 'published' as const }, acked: false }
        followUps.set(id, followUp)
        if (await send(`${api}/posts/${id}`, 'PATCH', { _status: 'published' })) followUp.acked = true
        return
      }
      if (kind < 4) {
        const data = { title: `cat ${nonce}`, description: hash(nonce) }
        const body = await send(`${api}/categories`, 'POST', data)
        if (body) ackedCategories.set(String(body.doc.id), data)
        return
      }
      const status: Status = index % 2 === 0 ? 'draft' : 'published'
      const body = await send(`${api}/posts`, 'POST', postBody(nonce, status))
      if (!body) return
      const id = String(body.doc.id)
      ackedPosts.set(id, { nonce, status })
      anyPosts.push(id)
      if (status === 'draft') drafts.push(id)
    }

    let next = 0
    const worker = async () => {
      while (next < TOTAL_WRITES) {
        const index = next
        next += 1
        await operation(index)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    await killed

    // The kill really came midway: some writes were acknowledged, some were not.
    expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
    expect(failures).toBeGreaterThan(0)
    expect(acks + failures).toBe(TOTAL_WRITES)
    const ackedFollowUps = [...followUps.values()].filter((f) => f.acked).length
    expect(ackedFollowUps).toBeGreaterThan(0)

    // Restart on the same database.
    cms = await startApiProcess(env)
    const restarted = `${cms.url}/api/v1`
    expect((await request(`${cms.url}/ready`)).status).toBe(200)

    const categories = await request(`${restarted}/categories?pagination=false&depth=0`, { auth })
    expect(categories.status).toBe(200)
    const categoryById = new Map<string, { title: string; description: string }>()
    for (const doc of categories.body.docs as { id: number; title: string; description: string }[]) {
      const nonce = nonceOf(doc.title)
      expect(nonce && sentNonces.has(nonce), `category ${doc.id}: ${doc.title} was never sent`).toBe(true)
      expect(doc.description, `category ${doc.id}`).toBe(hash(nonce as string))
      categoryById.set(String(doc.id), doc)
    }
    for (const [id, sent] of ackedCategories) {
      expect(categoryById.get(id), `acknowledged category ${id}`).toMatchObject(sent)
    }

    const posts = await request(`${restarted}/posts?pagination=false&depth=0`, { auth })
    expect(posts.status).toBe(200)
    const postById = new Map<string, PostDoc>()
    for (const doc of posts.body.docs as PostDoc[]) {
      const nonce = expectWhole(doc, `post ${doc.id}`)
      expect(sentNonces.has(nonce)).toBe(true)
      postById.set(String(doc.id), doc)
    }
    for (const [id, created] of ackedPosts) {
      const doc = postById.get(id)
      expect(doc, `acknowledged post ${id}`).toBeDefined()
      const stored = { nonce: nonceOf(doc?.title ?? ''), status: doc?._status }
      const followUp = followUps.get(id)
      if (followUp?.acked) expect(stored, `post ${id} after its acknowledged follow-up`).toEqual(followUp.content)
      else if (followUp)
        expect([created, followUp.content], `post ${id}: before or after its unacknowledged follow-up`).toContainEqual(
          stored,
        )
      else expect(stored, `post ${id}`).toEqual(created)
    }

    // Versions agree with the documents: each post has exactly one latest version, whose snapshot
    // is the document; every version belongs to a post and is itself whole.
    const versions = await request(`${restarted}/posts/versions?pagination=false&depth=0`, { auth })
    expect(versions.status).toBe(200)
    const latestByParent = new Map<string, Omit<PostDoc, 'id'>[]>()
    for (const version of versions.body.docs as { parent: number; latest?: boolean; version: Omit<PostDoc, 'id'> }[]) {
      const parent = String(version.parent)
      expect(postById.has(parent), `version of missing post ${parent}`).toBe(true)
      expectWhole(version.version, `version of post ${parent}`)
      if (version.latest) latestByParent.set(parent, [...(latestByParent.get(parent) ?? []), version.version])
    }
    for (const [id, doc] of postById) {
      const latest = latestByParent.get(id) ?? []
      expect(latest, `latest versions of post ${id}`).toHaveLength(1)
      expect({ title: latest[0].title, excerpt: latest[0].excerpt, _status: latest[0]._status }).toEqual({
        title: doc.title,
        excerpt: doc.excerpt,
        _status: doc._status,
      })
    }
    process.stdout.write(
      `crash (${db.kind}): ${acks} acknowledged, ${failures} cut off by the kill; after restart ${categoryById.size} categories, ${postById.size} posts, ${versions.body.docs.length} versions, all whole\n`,
    )
  }, 300_000)
})
