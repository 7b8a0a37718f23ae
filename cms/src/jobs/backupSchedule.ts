/**
 * Scheduled backups through the jobs queue. Every server process's runner, before each tick, makes
 * sure one `scheduledBackup` job waits for the next BACKUP_CRON time; the runner's atomic claim
 * (claim.ts) then lets exactly one process run it, wherever the processes are. The job is queued only
 * while none is pending or running, so a backup slower than the schedule skips slots instead of
 * piling up; a job that fell due while every process was down runs at the next start.
 *
 * Payload's own task `schedule` is not used: it needs an extra global (a schema change that would
 * depend on BACKUP_CRON) and queues by count-then-insert, which two processes can both pass. Two
 * processes can race here as well (both find no job and both queue one), so every tick also removes
 * duplicates waiting for the same time, keeping the oldest: all processes agree on which that is,
 * and a job queued for a future time is not claimable before then. Should two still both fall due, the
 * job does nothing when an older job for its slot exists or the slot's archive is stored already.
 */
import { Cron } from 'croner'
import type { Payload, TaskConfig, Where } from 'payload'

import { runScheduledBackup } from '../backup/scheduled'
import type { Env } from '../env'
import { STALE_CLAIM_MS } from './claim'

export const SCHEDULED_BACKUP_TASK = 'scheduledBackup'
const HEARTBEAT_MS = STALE_CLAIM_MS / 5

type Log = Record<'error' | 'info' | 'warn', (details: object, message: string) => void>

/** The task is always registered (the jobs table's task names are part of the schema); env decides if it is queued. */
export function scheduledBackupTask(env: Env): TaskConfig<'scheduledBackup'> {
  return {
    slug: SCHEDULED_BACKUP_TASK,
    label: 'Scheduled backup',
    inputSchema: [
      { name: 'cron', type: 'text', required: true },
      { name: 'slot', type: 'text', required: true },
    ],
    outputSchema: [
      { name: 'name', type: 'text' },
      { name: 'location', type: 'text' },
      { name: 'bytes', type: 'number' },
    ],
    // The next slot is the retry: a failed backup is not repeated at once against a target that is down.
    retries: 0,
    handler: async ({ input, job, req }) => {
      // Two processes that both queued this slot before either removed the duplicate: the older job runs it.
      if (await olderJobForSlot(req.payload, job.id, input.slot)) return { output: {} }
      const heartbeat = keepClaimed(req.payload, job.id)
      // Named after its slot: one archive name per scheduled time, however late it runs.
      const slot = new Date(input.slot)
      try {
        const result = await runScheduledBackup(req.payload, env, payloadLog(req.payload), {
          at: Number.isNaN(slot.getTime()) ? undefined : slot,
        })
        return { output: { name: result.name, location: result.location, bytes: result.bytes } }
      } finally {
        clearInterval(heartbeat)
      }
    },
  }
}

async function olderJobForSlot(payload: Payload, id: number | string, slot: string): Promise<boolean> {
  const { totalDocs } = await payload.count({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: SCHEDULED_BACKUP_TASK } },
        { 'input.slot': { equals: slot } },
        { id: { less_than: id } },
        { hasError: { not_equals: true } },
      ],
    },
    overrideAccess: true,
  })
  return totalDocs > 0
}

/**
 * A claim older than STALE_CLAIM_MS counts as abandoned and another process would take the job over;
 * a long backup keeps its claim fresh so it is not run twice.
 */
function keepClaimed(payload: Payload, id: number | string): NodeJS.Timeout {
  const timer = setInterval(() => {
    payload.db
      .updateOne({
        collection: 'payload-jobs',
        id,
        data: { updatedAt: new Date().toISOString() },
        returning: false,
      })
      .catch((error: unknown) => payload.logger.warn({ err: error, job: id }, 'could not refresh the backup claim'))
  }, HEARTBEAT_MS)
  timer.unref()
  return timer
}

function payloadLog(payload: Payload): Log {
  return {
    error: (details, message) => payload.logger.error(details, message),
    info: (details, message) => payload.logger.info(details, message),
    warn: (details, message) => payload.logger.warn(details, message),
  }
}

const unfinished: Where = {
  and: [
    { taskSlug: { equals: SCHEDULED_BACKUP_TASK } },
    { completedAt: { exists: false } },
    { hasError: { not_equals: true } },
  ],
}

interface BackupJob {
  id: number | string
  processing?: boolean | null
  input?: unknown
}

const inputOf = (job: BackupJob) => (job.input ?? {}) as { cron?: string; slot?: string }

/**
 * Keeps exactly one scheduled backup job waiting (when `cron` is set) and none otherwise. Called
 * before every runner tick in every process; returns the slot waited for.
 */
export async function ensureBackupScheduled(
  payload: Payload,
  cron: string | undefined,
  now = new Date(),
): Promise<string | undefined> {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: unfinished,
    sort: 'id',
    limit: 100,
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const jobs = docs as BackupJob[]
  const waiting = jobs.filter((job) => !job.processing)
  // Jobs of a schedule that changed (or was switched off), and duplicates after the oldest.
  const current = waiting.filter((job) => cron !== undefined && inputOf(job).cron === cron)
  const keep = current[0]
  const obsolete = waiting.filter((job) => job !== keep)
  if (obsolete.length > 0) {
    await payload.delete({
      collection: 'payload-jobs',
      where: { and: [{ id: { in: obsolete.map((job) => job.id) } }, { processing: { equals: false } }] },
      depth: 0,
      overrideAccess: true,
    })
  }
  if (!cron) return undefined
  if (keep) return inputOf(keep).slot
  // One is running: the next is queued when it has finished.
  if (jobs.some((job) => job.processing)) return undefined
  const next = new Cron(cron, { paused: true }).nextRun(now)
  if (!next) return undefined
  const slot = next.toISOString()
  await payload.jobs.queue({
    task: SCHEDULED_BACKUP_TASK,
    input: { cron, slot },
    waitUntil: next,
    overrideAccess: true,
  })
  return slot
}
