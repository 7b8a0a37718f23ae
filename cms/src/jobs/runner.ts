/**
 * The job runner of a server process: every few seconds it takes the due jobs from Payload's jobs
 * collection (scheduled publish and unpublish, among others), claims each one atomically (claim.ts)
 * and runs it through Payload. Jobs live in the database, so they survive restarts and any CMS
 * process may run them; Payload's own cron (which starts only on the first request through its
 * handlers) is switched off in config.ts.
 */
import type { Payload, Where } from 'payload'

import { claimJob, STALE_CLAIM_MS } from './claim'

export interface JobRunnerOptions {
  intervalMs: number
  logger: Record<'error' | 'info', (details: object, message: string) => void>
  /** Jobs taken per tick. */
  limit?: number
  /** Runs before each tick looks for due jobs (e.g. queueing the next scheduled backup). */
  beforeTick?: (now: Date) => Promise<unknown>
}

export interface JobRunner {
  /** Runs the jobs due now; resolves with how many this process ran. */
  runDue: () => Promise<number>
  /** How many jobs this runner has run since it started. */
  total: () => number
  /** Stops the timer and waits for the tick in progress. */
  stop: () => Promise<void>
}

const dueJobs = (now: Date): Where => ({
  and: [
    { completedAt: { exists: false } },
    { hasError: { not_equals: true } },
    {
      or: [
        { processing: { equals: false } },
        { updatedAt: { less_than: new Date(now.getTime() - STALE_CLAIM_MS).toISOString() } },
      ],
    },
    { or: [{ waitUntil: { exists: false } }, { waitUntil: { less_than_equal: now.toISOString() } }] },
  ],
})

export function createJobRunner(
  payload: Payload,
  { intervalMs, logger, limit = 20, beforeTick }: JobRunnerOptions,
): JobRunner {
  let running: Promise<number> | undefined
  let timer: NodeJS.Timeout | undefined
  let total = 0

  async function tick(): Promise<number> {
    const now = new Date()
    // Its failure is logged, and the due jobs still run.
    await beforeTick?.(now).catch((error: unknown) => logger.error({ err: error }, 'job runner: before tick failed'))
    const { docs } = await payload.find({
      collection: 'payload-jobs',
      where: dueJobs(now),
      sort: 'waitUntil',
      limit,
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    let ran = 0
    for (const job of docs) {
      if (!(await claimJob(payload, job.id, now))) continue
      ran += 1
      total += 1
      try {
        // Payload records the outcome (completedAt, or the error and a retry) on the job itself.
        await payload.jobs.runByID({ id: job.id, overrideAccess: true })
      } catch (error) {
        logger.error({ err: error, job: job.id, task: job.taskSlug }, 'job failed')
      }
    }
    return ran
  }

  // One tick at a time: a slow tick is not overtaken by the next.
  const runDue = () => (running ??= tick().finally(() => (running = undefined)))

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      runDue()
        .catch((error: unknown) => logger.error({ err: error }, 'job runner tick failed'))
        .finally(() => {
          if (timer) schedule(intervalMs)
        })
    }, delayMs)
    timer.unref()
  }
  // At once on start: jobs that fell due while no process was running are late already.
  schedule(0)

  return {
    runDue,
    total: () => total,
    stop: async () => {
      clearTimeout(timer)
      timer = undefined
      await running?.catch(() => undefined)
    },
  }
}
