/**
 * Reads for the static build's incremental sync (src/content/cmsLoader.ts): what a collection
 * looks like right now (a stamp), which documents it holds and when each last changed (a
 * manifest), and the full documents for a list of IDs. Each is a cheap, depth-0 list query
 * except the last, which asks for exactly what the pages render.
 */
import { z } from 'zod'

import type { CmsClient } from '../client.ts'
import type { QueryParams, QueryValue } from '../queryString.ts'
import { idSchema } from '../schemas/common.ts'
import { paginated } from '../schemas/paginated.ts'
import { validate } from '../validate.ts'
import { pageThrough } from './pageThrough.ts'
import type { QueryOptions } from '../collections/reads.ts'

/** How many documents one list request asks for; the CMS caps limits, so larger sets are paged. */
export const SYNC_PAGE_SIZE = 100
/** IDs per `where[id][in]` request, keeping URLs short. */
export const SYNC_ID_CHUNK = 50

/** Enough to tell whether anything in a collection changed: how many, and the newest change. */
export interface CollectionStamp {
  count: number
  latest: string | null
}

/** One published document's identity and last change. */
export interface ManifestItem {
  id: string
  updatedAt: string
}

export interface SyncedDoc<T> extends ManifestItem {
  /** `publishedAt` as the CMS sent it (ordering lists), or null. */
  publishedAt: string | null
  doc: T
}

const stampSchema = z.object({ id: idSchema, updatedAt: z.string() })
const syncedSchema = z.looseObject({ id: idSchema, updatedAt: z.string(), publishedAt: z.string().nullish() })

export async function collectionStamp(
  client: CmsClient,
  collection: string,
  options: QueryOptions = {},
): Promise<CollectionStamp> {
  const result = await client.get(`/${collection}`, paginated(stampSchema), {
    ...options,
    query: { sort: '-updatedAt', limit: 1, depth: 0, select: { updatedAt: true } },
  })
  return { count: result.totalDocs, latest: result.docs[0]?.updatedAt ?? null }
}

/** Every published document's ID and `updatedAt`, paged through. */
export async function listManifest(
  client: CmsClient,
  collection: string,
  options: QueryOptions = {},
): Promise<ManifestItem[]> {
  const docs = await pageThrough(
    (page) =>
      client.get(`/${collection}`, paginated(stampSchema), {
        ...options,
        query: { sort: 'id', limit: SYNC_PAGE_SIZE, page, depth: 0, select: { updatedAt: true } },
      }),
    `manifest of ${collection}`,
  )
  return docs.map((doc) => ({ id: String(doc.id), updatedAt: doc.updatedAt }))
}

export interface FetchDocs<S extends z.ZodType> {
  collection: string
  /** The documents to fetch. */
  ids: readonly string[]
  /** The parsed shape pages render. */
  schema: S
  /** depth, select and populate for a full document (`updatedAt` and `publishedAt` are added). */
  query: QueryParams
}

/** The full documents for `ids`, in chunks; IDs that are no longer published are simply absent. */
export async function fetchDocsById<S extends z.ZodType>(
  client: CmsClient,
  { collection, ids, schema, query }: FetchDocs<S>,
  options: QueryOptions = {},
): Promise<SyncedDoc<z.output<S>>[]> {
  const docs: SyncedDoc<z.output<S>>[] = []
  const select = isRecord(query.select) ? { ...query.select, updatedAt: true, publishedAt: true } : undefined
  for (let start = 0; start < ids.length; start += SYNC_ID_CHUNK) {
    const chunk = ids.slice(start, start + SYNC_ID_CHUNK)
    const context = `GET /${collection}`
    const result = await client.get(`/${collection}`, paginated(syncedSchema), {
      ...options,
      query: {
        ...query,
        ...(select ? { select } : {}),
        where: { id: { in: chunk.join(',') } },
        limit: chunk.length,
        pagination: false,
      },
    })
    for (const raw of result.docs) {
      docs.push({
        id: String(raw.id),
        updatedAt: raw.updatedAt,
        publishedAt: raw.publishedAt ?? null,
        doc: validate(schema, raw, context, options.requestId ?? 'sync'),
      })
    }
  }
  return docs
}

/** The sync reads bound to one client, as the content loaders take them. */
export interface SyncSource {
  collectionStamp(collection: string): Promise<CollectionStamp>
  listManifest(collection: string): Promise<ManifestItem[]>
  fetchDocsById<S extends z.ZodType>(request: FetchDocs<S>): Promise<SyncedDoc<z.output<S>>[]>
}

export function syncSource(client: CmsClient, options: QueryOptions = {}): SyncSource {
  return {
    collectionStamp: (collection) => collectionStamp(client, collection, options),
    listManifest: (collection) => listManifest(client, collection, options),
    fetchDocsById: (request) => fetchDocsById(client, request, options),
  }
}

function isRecord(value: unknown): value is Record<string, QueryValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
