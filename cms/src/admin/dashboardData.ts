/**
 * What the admin dashboard shows, gathered through the Local API with the signed-in user's access
 * (`overrideAccess: false`): a section the user may not read comes back `allowed: false` instead of
 * its contents. Plain data, no React, so it is tested on every database (test/int/dashboard.int.test.ts).
 *
 * - new inquiries: how many, and the latest few;
 * - scheduled publish/unpublish jobs due in the next days (overdue ones too), with the titles of the
 *   documents the user can read (jobs of documents they cannot read are left out);
 * - documents whose latest version is an unpublished draft, per editorial collection;
 * - the latest audit entries (admins only, as the audit collection says);
 * - the site link: the last cache purge this process sent to each site endpoint, and its outcome.
 */
import { Forbidden, type CollectionConfig, type Payload, type TypedUser, type Where } from 'payload'

import { isSchedulable, type ScheduleAction } from '../jobs/schedule'
import { siteLinkStatus, type SiteLinkStatus } from '../server/siteLinkStatus'

export interface DashboardOptions {
  now?: Date
  /** How far ahead the schedule section looks (days). */
  scheduleDays?: number
  /** How many items each list shows. */
  limit?: number
}

export interface DocRef {
  collection: string
  id: number | string
  title: string
}

export interface Section<T> {
  allowed: boolean
  data?: T
}

export interface DashboardData {
  generatedAt: string
  inquiries: Section<{
    newCount: number
    latest: { id: number | string; name: string; company?: string | null; createdAt: string }[]
  }>
  scheduled: Section<{
    until: string
    items: (DocRef & { jobId: number | string; action: ScheduleAction; at: string; failed: boolean })[]
  }>
  drafts: Section<{
    total: number
    collections: { collection: string; label: string; count: number; latest: (DocRef & { updatedAt: string })[] }[]
  }>
  audit: Section<{
    entries: {
      id: number | string
      action: string
      entityType?: string | null
      entity?: string | null
      documentId?: string | null
      user?: string | null
      reason?: string | null
      createdAt: string
    }[]
  }>
  siteLink: SiteLinkStatus
}

type Doc = Record<string, unknown> & { id: number | string }

const DAY_MS = 24 * 60 * 60_000

/** A read the user may not make is a closed section, not an error. */
async function guarded<T>(read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { allowed: true, data: await read() }
  } catch (error) {
    if (error instanceof Forbidden || (error as { status?: number }).status === 403) return { allowed: false }
    throw error
  }
}

const titleField = (config: CollectionConfig) => config.admin?.useAsTitle ?? 'id'

function titleOf(config: CollectionConfig, doc: Doc): string {
  const value = doc[titleField(config)]
  return typeof value === 'string' && value.trim() ? value : `${config.slug} ${doc.id}`
}

function labelOf(config: CollectionConfig): string {
  const plural = config.labels?.plural
  return typeof plural === 'string' ? plural : config.slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

function collectionsOf(payload: Payload): CollectionConfig[] {
  return Object.values(payload.collections).map((entry) => entry.config as unknown as CollectionConfig)
}

const hasDrafts = (config: CollectionConfig) => typeof config.versions === 'object' && Boolean(config.versions.drafts)

export async function dashboardData(
  payload: Payload,
  user: TypedUser | null | undefined,
  { now = new Date(), scheduleDays = 7, limit = 5 }: DashboardOptions = {},
): Promise<DashboardData> {
  const asUser = { user: user ?? undefined, overrideAccess: false, depth: 0 } as const
  const configs = collectionsOf(payload)
  const bySlug = new Map(configs.map((config) => [config.slug, config]))

  const inquiries = bySlug.has('inquiries')
    ? guarded(async () => {
        const { docs, totalDocs } = await payload.find({
          collection: 'inquiries',
          where: { status: { equals: 'new' } },
          sort: '-createdAt',
          limit,
          select: { name: true, company: true, createdAt: true },
          ...asUser,
        })
        return {
          newCount: totalDocs,
          latest: docs.map((doc) => ({
            id: doc.id,
            name: doc.name ?? '',
            company: doc.company,
            createdAt: doc.createdAt,
          })),
        }
      })
    : Promise.resolve({ allowed: false })

  const until = new Date(now.getTime() + scheduleDays * DAY_MS)
  const scheduled = guarded(async () => {
    const schedulable = configs.filter(isSchedulable)
    // Jobs are internal: read them as the system, then show only what the user can read of their documents.
    const where: Where = {
      and: [
        { taskSlug: { equals: 'schedulePublish' } },
        { completedAt: { exists: false } },
        { waitUntil: { less_than_equal: until.toISOString() } },
      ],
    }
    const { docs: jobs } = await payload.find({
      collection: 'payload-jobs',
      where,
      sort: 'waitUntil',
      limit: 100,
      depth: 0,
      overrideAccess: true,
    })
    const wanted = new Map<string, Set<string>>()
    for (const job of jobs) {
      const doc = (job.input as { doc?: { relationTo?: string; value?: string } } | undefined)?.doc
      if (!doc?.relationTo || !schedulable.some((config) => config.slug === doc.relationTo)) continue
      wanted.set(doc.relationTo, (wanted.get(doc.relationTo) ?? new Set()).add(String(doc.value)))
    }
    const titles = new Map<string, string>()
    for (const [slug, ids] of wanted) {
      const config = bySlug.get(slug) as CollectionConfig
      const readable = await guarded(() =>
        payload.find({
          collection: slug as 'pages',
          where: { id: { in: [...ids] } },
          draft: true,
          limit: ids.size,
          pagination: false,
          select: { [titleField(config)]: true } as never,
          ...asUser,
        }),
      )
      for (const doc of (readable.data?.docs ?? []) as unknown as Doc[])
        titles.set(`${slug}:${doc.id}`, titleOf(config, doc))
    }
    const items: NonNullable<DashboardData['scheduled']['data']>['items'] = []
    for (const job of jobs) {
      const input = job.input as { type?: string; doc?: { relationTo?: string; value?: string } } | undefined
      const key = `${input?.doc?.relationTo}:${input?.doc?.value}`
      const title = titles.get(key)
      if (title === undefined || !input?.doc?.relationTo) continue
      items.push({
        jobId: job.id,
        action: input.type === 'unpublish' ? 'unpublish' : 'publish',
        at: new Date(job.waitUntil ?? 0).toISOString(),
        failed: Boolean(job.hasError),
        collection: input.doc.relationTo,
        id: String(input.doc.value),
        title,
      })
    }
    return { until: until.toISOString(), items: items.slice(0, limit * 4) }
  })

  const drafts = (async (): Promise<DashboardData['drafts']> => {
    const sections = await Promise.all(
      configs.filter(hasDrafts).map(async (config) => {
        const section = await guarded(() =>
          payload.findVersions({
            collection: config.slug as 'pages',
            where: { and: [{ latest: { equals: true } }, { 'version._status': { equals: 'draft' } }] },
            sort: '-updatedAt',
            limit,
            ...asUser,
          }),
        )
        if (!section.data) return undefined
        return {
          collection: config.slug,
          label: labelOf(config),
          count: section.data.totalDocs,
          latest: section.data.docs.map((version) => {
            const parent = version.parent as unknown
            const id = typeof parent === 'object' && parent !== null ? (parent as Doc).id : (parent as number | string)
            return {
              collection: config.slug,
              id,
              title: titleOf(config, { ...(version.version as object), id } as Doc),
              updatedAt: version.updatedAt,
            }
          }),
        }
      }),
    )
    const readable = sections.filter((section) => section !== undefined)
    if (readable.length === 0) return { allowed: false }
    return {
      allowed: true,
      data: { total: readable.reduce((sum, section) => sum + section.count, 0), collections: readable },
    }
  })()

  const audit = guarded(async () => {
    const { docs } = await payload.find({
      collection: 'audit-logs',
      sort: '-createdAt',
      limit: limit * 2,
      ...asUser,
      depth: 1,
    })
    return {
      entries: docs.map((entry) => ({
        id: entry.id,
        action: entry.action,
        entityType: entry.entityType,
        entity: entry.entity,
        documentId: entry.documentId,
        user:
          typeof entry.user === 'object' && entry.user !== null
            ? (entry.user.name ?? entry.user.email)
            : entry.user
              ? String(entry.user)
              : null,
        reason: entry.reason,
        createdAt: entry.createdAt,
      })),
    }
  })

  return {
    generatedAt: now.toISOString(),
    inquiries: await inquiries,
    scheduled: await scheduled,
    drafts: await drafts,
    audit: await audit,
    siteLink: siteLinkStatus(),
  }
}
