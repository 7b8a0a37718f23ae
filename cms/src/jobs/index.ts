/** What a server process runs beside answering requests: due jobs, and the static site's build hook. */
import type { Payload } from 'payload'
import type { Logger } from 'pino'

import type { Env } from '../env'
import { initBackupGauge } from '../backup/scheduled'
import { ensureBackupScheduled } from './backupSchedule'
import { createBuildHook } from './buildHook'
import { createJobRunner } from './runner'

export interface BackgroundWork {
  stop: () => Promise<void>
}

/** Started by the server process only (`npm start`, `npm run dev`): not by seed, migrate, build or tests. */
export function startBackgroundWork(payload: Payload, env: Env, logger: Logger): BackgroundWork {
  // Without BACKUP_CRON nothing is queued, and a job left waiting by an earlier schedule is removed
  // (on the first tick, before due jobs are looked for).
  let cleared: Promise<unknown> | undefined
  const runner = createJobRunner(payload, {
    intervalMs: env.jobsIntervalMs,
    logger,
    beforeTick: (now) =>
      env.backup.cron
        ? ensureBackupScheduled(payload, env.backup.cron, now)
        : (cleared ??= ensureBackupScheduled(payload, undefined).catch((error: unknown) => {
            cleared = undefined // tried again next tick
            throw error
          })),
  })
  // A restarted server reports the age of the newest backup it can see, not "never".
  const gauge = initBackupGauge(env, logger).catch((error: unknown) =>
    logger.warn({ err: error }, 'backup metric not set at start'),
  )
  const buildHook =
    env.siteBuildHook && env.revalidateSecret
      ? createBuildHook({
          url: env.siteBuildHook.url,
          debounceMs: env.siteBuildHook.debounceMs,
          secret: env.revalidateSecret,
          logger,
        })
      : undefined
  return {
    stop: async () => {
      await runner.stop()
      await gauge
      // The last build request is sent, but a builder that is down must not hold up the shutdown.
      if (buildHook) await Promise.race([buildHook.stop(), new Promise((resolve) => setTimeout(resolve, 3000).unref())])
    },
  }
}
