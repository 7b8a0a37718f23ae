/** What a server process runs beside answering requests: due jobs, and the static site's build hook. */
import type { Payload } from 'payload'
import type { Logger } from 'pino'

import type { Env } from '../env'
import { createBuildHook } from './buildHook'
import { createJobRunner } from './runner'

export interface BackgroundWork {
  stop: () => Promise<void>
}

/** Started by the server process only (`npm start`, `npm run dev`): not by seed, migrate, build or tests. */
export function startBackgroundWork(payload: Payload, env: Env, logger: Logger): BackgroundWork {
  const runner = createJobRunner(payload, { intervalMs: env.jobsIntervalMs, logger })
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
      // The last build request is sent, but a builder that is down must not hold up the shutdown.
      if (buildHook) await Promise.race([buildHook.stop(), new Promise((resolve) => setTimeout(resolve, 3000).unref())])
    },
  }
}
