import { startBackgroundWork } from '../../src/jobs'
import { recordBackupSuccess } from '../../src/server/metrics'
import type { TestCms } from './cms'
import { until } from './wait'

/**
 * Runs the server's background work (the job runner every 200 ms, so BACKUP_CRON's jobs) until `list`
 * has shown `count` different scheduled archives, then stops it. The gauge starts at 0 ("never").
 * With BACKUP_KEEP ≥ 2 and an every-second cron each archive lives two slots, so polling sees each one.
 */
export async function runBackupsUntilSeen(
  cms: TestCms,
  list: () => string[] | Promise<string[]>,
  count = 3,
): Promise<Set<string>> {
  recordBackupSuccess(new Date(0))
  const background = startBackgroundWork(cms.payload, { ...cms.env, jobsIntervalMs: 200 }, cms.app.logger)
  const seen = new Set<string>()
  try {
    await until(async () => {
      for (const name of await list()) seen.add(name)
      return seen.size >= count
    })
  } finally {
    await background.stop()
  }
  return seen
}
