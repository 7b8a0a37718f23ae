/**
 * Claims a queued job for this process with one conditional write, so that when several CMS
 * processes share a database each job runs once. Payload's own runner selects pending jobs and
 * then marks them `processing` in a second statement, which two processes can both pass; here the
 * mark is a single `UPDATE … WHERE processing = false` (or MongoDB `findOneAndUpdate`) and only
 * the process whose write changed the row goes on to run the job.
 */
import { and, eq, isNull, lt, ne, or } from '@payloadcms/db-sqlite/drizzle'
import type { Payload } from 'payload'

/** A job marked `processing` longer ago than this belongs to a process that died: it may be taken over. */
export const STALE_CLAIM_MS = 10 * 60_000

type UpdateBuilder = {
  set: (values: object) => { where: (condition: unknown) => { returning: (fields: object) => Promise<unknown[]> } }
}

interface DrizzleLike {
  drizzle: { update: (table: unknown) => UpdateBuilder }
  sessions: Record<string, { db: { update: (table: unknown) => UpdateBuilder } }>
  tables: Record<string, Record<string, never>>
  tableNameMap: Map<string, string>
}

interface MongoLike {
  collections: Record<string, { findOneAndUpdate: (filter: object, update: object) => Promise<unknown> }>
}

/** True when this call (and no other, in any process) moved the job into `processing`. */
export async function claimJob(payload: Payload, id: number | string, now = new Date()): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString()
  const updatedAt = now.toISOString()
  if (payload.db.name === 'mongoose') {
    const jobs = (payload.db as unknown as MongoLike).collections['payload-jobs']
    const claimed = await jobs.findOneAndUpdate(
      {
        _id: id,
        completedAt: null,
        hasError: { $ne: true },
        $or: [
          { processing: false },
          { processing: { $exists: false } },
          { processing: true, updatedAt: { $lt: new Date(staleBefore) } },
        ],
      },
      { $set: { processing: true, updatedAt: now } },
    )
    return claimed !== null
  }
  const db = payload.db as unknown as DrizzleLike
  const table = db.tables[db.tableNameMap.get('payload_jobs') ?? 'payload_jobs']
  // In a transaction of its own: on SQLite the adapter's one connection is shared with whatever else
  // this process is writing, and the claim must not commit or roll back with someone else's work.
  const transaction = await payload.db.beginTransaction()
  try {
    const session = transaction ? db.sessions[String(transaction)].db : db.drizzle
    const rows = await session
      .update(table)
      .set({ processing: true, updatedAt })
      .where(
        and(
          eq(table.id, id),
          // Not finished meanwhile by another process (which found it pending in the same tick).
          isNull(table.completedAt),
          or(isNull(table.hasError), ne(table.hasError, true)),
          or(eq(table.processing, false), and(eq(table.processing, true), lt(table.updatedAt, staleBefore))),
        ),
      )
      .returning({ id: table.id })
    if (transaction) await payload.db.commitTransaction(transaction)
    return rows.length === 1
  } catch (error) {
    if (transaction) await payload.db.rollbackTransaction(transaction)
    throw error
  }
}
