/**
 * The static export's incremental sync against a real HTTP server that answers like the CMS's
 * list endpoint (stamps, manifests, `where[id][in]` fetches) over recorded service documents:
 * first sync, nothing changed, one document changed, deleted, renamed, an embedded collection
 * changed, and failures that must leave the store as it was.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { createCmsClient, services, syncSource } from '../../src/cms/index.ts'
import { describeReport, STORE_FORMAT, syncCollection, type SyncContext } from '../../src/content/cmsLoader.ts'
import { syncSpec } from '../../src/content/loaders.ts'
import { fixture } from '../helpers/fixtures.ts'
import { recordingLogger } from '../helpers/recorders.ts'
import { envelope, sendJson, startServer, type TestServer } from '../helpers/server.ts'

type Doc = Record<string, unknown> & { id: number; updatedAt: string }

/** A CMS with `services` (the recorded documents) and `media`, changed by the test. */
function fakeCms() {
  const recorded = (fixture('services') as { docs: Array<Record<string, unknown>> }).docs
  const collections: { services: Doc[]; media: Doc[]; [name: string]: Doc[] } = {
    services: recorded.map((doc, index) => ({
      ...doc,
      id: Number(doc.id),
      features: [],
      updatedAt: `2026-01-0${index + 1}T00:00:00.000Z`,
    })),
    media: [{ id: 1, updatedAt: '2026-01-01T00:00:00.000Z' }],
  }
  const kinds: string[] = []
  let failWith: number | null = null
  return {
    collections,
    kinds,
    fail(status: number | null) {
      failWith = status
    },
    handler: (request: { url: string }, response: import('node:http').ServerResponse) => {
      const url = new URL(request.url, 'http://cms.test')
      const name = url.pathname.replace('/api/v1/', '')
      const docs = collections[name] ?? []
      const params = url.searchParams
      if (failWith !== null) return sendJson(response, failWith, envelope('INTERNAL', 'Something went wrong.'))
      const list = (items: unknown[], extra: Record<string, unknown> = {}) =>
        sendJson(response, 200, {
          docs: items,
          totalDocs: docs.length,
          limit: 100,
          totalPages: 1,
          page: 1,
          hasPrevPage: false,
          hasNextPage: false,
          ...extra,
        })
      if (params.get('sort') === '-updatedAt') {
        kinds.push(`stamp:${name}`)
        const newest = [...docs].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0]
        return list(newest ? [{ id: newest.id, updatedAt: newest.updatedAt }] : [])
      }
      if (params.get('sort') === 'id') {
        kinds.push(`manifest:${name}`)
        return list(docs.map((doc) => ({ id: doc.id, updatedAt: doc.updatedAt })))
      }
      const ids = (params.get('where[id][in]') ?? '').split(',')
      kinds.push(`fetch:${name}:${ids.join(',')}`)
      return list(docs.filter((doc) => ids.includes(String(doc.id))))
    },
  }
}

function memoryContext(): SyncContext & {
  entries: Map<string, Record<string, unknown>>
  metaValues: Map<string, string>
} {
  const entries = new Map<string, Record<string, unknown>>()
  const metaValues = new Map<string, string>()
  const logger = recordingLogger()
  return {
    entries,
    metaValues,
    store: {
      values: () => [...entries].map(([id, data]) => ({ id, data })),
      set: ({ id, data }) => {
        entries.set(id, data)
        return true
      },
      delete: (id) => void entries.delete(id),
      clear: () => entries.clear(),
    },
    meta: { get: (key) => metaValues.get(key), set: (key, value) => void metaValues.set(key, value) },
    logger: { info: (message) => logger.info({}, message) },
  }
}

const spec = syncSpec(services)
let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function setup() {
  const cms = fakeCms()
  server = await startServer(cms.handler)
  const source = syncSource(createCmsClient({ baseUrl: server.origin, retries: 0, logger: recordingLogger() }))
  return { cms, source, context: memoryContext() }
}

describe('syncCollection', () => {
  it('fetches everything on the first build, then nothing while nothing changed', async () => {
    const { cms, source, context } = await setup()
    const first = await syncCollection(source, spec, context)
    expect(first).toMatchObject({ fetched: 6, deleted: 0, unchanged: 0 })
    expect(first.refetchAll).toMatch(/empty store/)
    expect([...context.entries.keys()].sort()).toEqual([
      'cloud-and-platform-engineering',
      'data-engineering-and-analytics',
      'headless-cms-and-content-platforms',
      'mobile-apps',
      'security-reviews',
      'web-applications',
    ])
    expect(context.entries.get('web-applications')).toMatchObject({
      cmsId: '1',
      updatedAt: '2026-01-01T00:00:00.000Z',
      doc: { title: 'Web applications', features: [] },
    })
    expect(context.metaValues.get('format')).toBe(STORE_FORMAT)
    expect(context.metaValues.get('watermark')).toBe('2026-01-06T00:00:00.000Z')

    cms.kinds.length = 0
    const second = await syncCollection(source, spec, context)
    expect(second).toMatchObject({ fetched: 0, deleted: 0, unchanged: 6, requests: 2 })
    expect(cms.kinds.sort()).toEqual(['stamp:media', 'stamp:services'])
    expect(describeReport(second)).toBe('services: 0 fetched, 0 deleted, 6 unchanged; 2 CMS requests')
  })

  it('fetches only the documents changed since the last build', async () => {
    const { cms, source, context } = await setup()
    await syncCollection(source, spec, context)
    cms.collections.services[2] = {
      ...cms.collections.services[2]!,
      title: 'Cloud, renamed',
      updatedAt: '2026-02-01T00:00:00.000Z',
    }
    cms.kinds.length = 0
    const report = await syncCollection(source, spec, context)
    expect(report).toMatchObject({ fetched: 1, deleted: 0, unchanged: 5, refetchAll: null })
    expect(cms.kinds.filter((kind) => kind.startsWith('fetch:'))).toEqual(['fetch:services:3'])
    expect((context.entries.get(String(cms.collections.services[2]!.slug))?.doc as { title: string }).title).toBe(
      'Cloud, renamed',
    )
    expect(context.metaValues.get('watermark')).toBe('2026-02-01T00:00:00.000Z')
  })

  it('removes deleted or unpublished documents without fetching the rest', async () => {
    const { cms, source, context } = await setup()
    await syncCollection(source, spec, context)
    const [removed] = cms.collections.services.splice(1, 1)
    cms.kinds.length = 0
    const report = await syncCollection(source, spec, context)
    expect(report).toMatchObject({ fetched: 0, deleted: 1, unchanged: 5 })
    expect(context.entries.has(String(removed!.slug))).toBe(false)
    expect(context.entries.size).toBe(5)
    expect(cms.kinds.some((kind) => kind.startsWith('fetch:'))).toBe(false)
  })

  it('moves an entry whose slug changed', async () => {
    const { cms, source, context } = await setup()
    await syncCollection(source, spec, context)
    cms.collections.services[0] = {
      ...cms.collections.services[0]!,
      slug: 'web-apps',
      updatedAt: '2026-03-01T00:00:00.000Z',
    }
    await syncCollection(source, spec, context)
    expect(context.entries.has('web-applications')).toBe(false)
    expect(context.entries.get('web-apps')).toMatchObject({ cmsId: '1' })
    expect(context.entries.size).toBe(6)
  })

  it('fetches every entry again when a collection they embed changed', async () => {
    const { cms, source, context } = await setup()
    await syncCollection(source, spec, context)
    cms.collections.media.push({ id: 2, updatedAt: '2026-04-01T00:00:00.000Z' })
    cms.kinds.length = 0
    const report = await syncCollection(source, spec, context)
    expect(report).toMatchObject({ fetched: 6, deleted: 0, refetchAll: 'media changed' })
    expect(cms.kinds.filter((kind) => kind.startsWith('fetch:'))).toEqual(['fetch:services:1,2,3,4,5,6'])
  })

  it('fails the build naming the collection when the CMS fails, and leaves the store as it was', async () => {
    const { cms, source, context } = await setup()
    await syncCollection(source, spec, context)
    const before = { entries: new Map(context.entries), meta: new Map(context.metaValues) }
    cms.collections.services.splice(0, 1)
    cms.fail(500)
    await expect(syncCollection(source, spec, context)).rejects.toThrow(/could not sync "services" from the CMS: .*500/)
    expect(context.entries).toEqual(before.entries)
    expect(context.metaValues).toEqual(before.meta)
  })

  it('fails on a document that does not match the schema, changing nothing', async () => {
    const { cms, source, context } = await setup()
    await syncCollection(source, spec, context)
    const before = new Map(context.entries)
    cms.collections.services[4] = { ...cms.collections.services[4]!, slug: '', updatedAt: '2026-05-01T00:00:00.000Z' }
    await expect(syncCollection(source, spec, context)).rejects.toThrow(/services.*slug/)
    expect(context.entries).toEqual(before)
  })

  it('fails clearly when the CMS cannot be reached', async () => {
    const { source, context } = await setup()
    await server!.close()
    server = undefined
    await expect(syncCollection(source, spec, context)).rejects.toThrow(
      /could not sync "services" from the CMS: The CMS could not be reached/,
    )
    expect(context.entries.size).toBe(0)
  })
})
