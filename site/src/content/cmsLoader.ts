/**
 * Content-layer loaders for the static export: each keeps one CMS collection in Astro's data
 * store and, on every build after the first, asks the CMS only for what changed.
 *
 * 1. Stamp: one tiny request per watched collection (the collection itself and the ones its
 *    documents embed, e.g. pages embed services) answers how many documents it has and when
 *    the newest changed. Same stamps as the last build (kept in the loader's meta): nothing to
 *    do.
 * 2. Manifest: every published ID with its `updatedAt`. Stored entries whose ID is gone were
 *    deleted or unpublished and are removed; IDs that are new or changed since the stored copy
 *    are fetched in full. When an embedded collection changed, every entry is fetched again
 *    (the same rule the server's route cache applies with its collection tags).
 * 3. Meta keeps the stamps and the newest `updatedAt` seen (the watermark) for the next build.
 *
 * Entries are keyed by slug (what routes look up); their data is `{ cmsId, updatedAt,
 * publishedAt, doc }`, `doc` being exactly what the server-mode query returns. Any CMS failure
 * fails the build, naming the collection: a static site must not be published half-synced.
 */
import type { z } from 'zod'

import { SYNC_ID_CHUNK, type CollectionStamp, type SyncSource } from '../cms/queries/sync.ts'
import type { QueryParams } from '../cms/queryString.ts'

/** Bumped when the stored shape changes, so the next build starts from an empty store. */
export const STORE_FORMAT = '1'

/** The parts of Astro's loader context these loaders use (narrow, so tests can pass their own). */
export interface SyncStore {
  values(): Array<{ id: string; data: Record<string, unknown> }>
  set(entry: { id: string; data: Record<string, unknown>; digest?: string }): boolean
  delete(id: string): void
  clear(): void
}

export interface SyncMeta {
  get(key: string): string | undefined
  set(key: string, value: string): void
}

export interface SyncLogger {
  info(message: string): void
}

export interface SyncContext {
  store: SyncStore
  meta: SyncMeta
  logger: SyncLogger
  generateDigest?: (data: Record<string, unknown>) => string
}

export interface CollectionSpec<S extends z.ZodType> {
  /** The CMS collection slug. */
  collection: string
  schema: S
  /** depth, select, populate of a full document: the server-mode query's. */
  query: QueryParams
  /** Collections whose documents appear inside these (a change there refetches every entry). */
  embeds: readonly string[]
}

/** What one entry holds. */
export interface StoredDoc<T> {
  cmsId: string
  updatedAt: string
  publishedAt: string | null
  doc: T
}

export interface SyncReport {
  collection: string
  /** Requests made to the CMS. */
  requests: number
  fetched: number
  deleted: number
  unchanged: number
  /** Why everything was fetched again, if it was. */
  refetchAll: string | null
}

const sameStamp = (a: CollectionStamp | undefined, b: CollectionStamp): boolean =>
  a !== undefined && a.count === b.count && a.latest === b.latest

function readStamps(meta: SyncMeta): Record<string, CollectionStamp> {
  try {
    const parsed: unknown = JSON.parse(meta.get('stamps') ?? '{}')
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, CollectionStamp>) : {}
  } catch {
    return {}
  }
}

function slugOf(doc: unknown, fallback: string): string {
  const slug = doc !== null && typeof doc === 'object' && 'slug' in doc ? doc.slug : undefined
  return typeof slug === 'string' && slug !== '' ? slug : fallback
}

/** One incremental sync of `spec` into `context.store`. */
export async function syncCollection<S extends z.ZodType>(
  source: SyncSource,
  spec: CollectionSpec<S>,
  context: SyncContext,
): Promise<SyncReport> {
  const { store, meta } = context
  const { collection, embeds } = spec
  let requests = 0
  const count = <T>(promise: Promise<T>): Promise<T> => {
    requests += 1
    return promise
  }
  try {
    const formatChanged = meta.get('format') !== STORE_FORMAT
    const watched = [collection, ...embeds]
    const stamps = Object.fromEntries(
      await Promise.all(watched.map(async (name) => [name, await count(source.collectionStamp(name))] as const)),
    )
    const previous = formatChanged ? {} : readStamps(meta)
    const changedEmbeds = embeds.filter((name) => !sameStamp(previous[name], stamps[name]!))
    const stored = formatChanged ? [] : store.values()

    if (!formatChanged && sameStamp(previous[collection], stamps[collection]!) && changedEmbeds.length === 0) {
      return { collection, requests, fetched: 0, deleted: 0, unchanged: stored.length, refetchAll: null }
    }

    const manifest = await count(source.listManifest(collection))
    const byCmsId = new Map(stored.map((entry) => [String(entry.data.cmsId), entry]))
    const live = new Set(manifest.map((item) => item.id))
    const gone = stored.filter((entry) => !live.has(String(entry.data.cmsId)))
    const refetchAll = formatChanged
      ? 'empty store: first build, or Astro reset it after a config change'
      : changedEmbeds.length > 0
        ? `${changedEmbeds.join(', ')} changed`
        : null
    const wanted = manifest
      .filter((item) => refetchAll !== null || byCmsId.get(item.id)?.data.updatedAt !== item.updatedAt)
      .map((item) => item.id)
    const docs =
      wanted.length > 0
        ? await source.fetchDocsById({ collection, ids: wanted, schema: spec.schema, query: spec.query })
        : []
    requests += Math.ceil(wanted.length / SYNC_ID_CHUNK)

    // Everything was read: only now is the store changed, so a failed build leaves it as it was.
    if (formatChanged) store.clear()
    for (const entry of gone) store.delete(entry.id)
    for (const synced of docs) {
      const previousEntry = byCmsId.get(synced.id)
      const id = slugOf(synced.doc, synced.id)
      if (previousEntry && previousEntry.id !== id) store.delete(previousEntry.id) // the slug changed
      const data: Record<string, unknown> = {
        cmsId: synced.id,
        updatedAt: synced.updatedAt,
        publishedAt: synced.publishedAt,
        doc: synced.doc,
      }
      store.set({ id, data, ...(context.generateDigest ? { digest: context.generateDigest(data) } : {}) })
    }
    const watermark = manifest.reduce<string | null>(
      (latest, item) => (latest === null || item.updatedAt > latest ? item.updatedAt : latest),
      null,
    )
    meta.set('format', STORE_FORMAT)
    meta.set('stamps', JSON.stringify(stamps))
    if (watermark !== null) meta.set('watermark', watermark)
    return {
      collection,
      requests,
      fetched: docs.length,
      deleted: gone.length,
      unchanged: Math.max(0, manifest.length - docs.length),
      refetchAll,
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const status =
      error !== null && typeof error === 'object' && 'status' in error && typeof error.status === 'number'
        ? ` (HTTP ${error.status})`
        : ''
    throw new Error(`Static build: could not sync "${collection}" from the CMS: ${reason}${status}`, { cause: error })
  }
}

export function describeReport(report: SyncReport): string {
  const parts = [`${report.fetched} fetched`, `${report.deleted} deleted`, `${report.unchanged} unchanged`]
  const why = report.refetchAll ? ` (all: ${report.refetchAll})` : ''
  return `${report.collection}: ${parts.join(', ')}${why}; ${report.requests} CMS request${report.requests === 1 ? '' : 's'}`
}
