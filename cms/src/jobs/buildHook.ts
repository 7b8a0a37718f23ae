/**
 * Where the site is a static export, a publish only reaches visitors once the site is built again.
 * This calls the configured build hook (SITE_BUILD_HOOK_URL) after changes to published content:
 * debounced (one build for a burst of publishes), signed like the cache-purge webhook
 * (`X-MSPN-Signature`, REVALIDATE_SECRET, body `{ "changes": [...] }`), retried with backoff when the
 * builder is down or answers 5xx, and never in the way of the save that caused it.
 */
import { PUBLIC_COLLECTIONS, type ContentChange, type ContentChangeBatch } from '@mspn/contract'

import { batchContentChanges, type ChangeBatches } from '../server/changeBatches'
import { postSigned } from '../server/signedPost'

export interface BuildHookOptions {
  url: string
  secret: string
  logger: Record<'debug' | 'warn' | 'error', (details: object, message: string) => void>
  /** Quiet time after the last publish before the build is requested (ms). */
  debounceMs: number
  attempts?: number
  /** First retry delay; doubled after each failure (ms). */
  backoffMs?: number
  timeoutMs?: number
}

/** `flush` requests the build for what is pending now; resolves when delivered or given up. */
export type BuildHook = ChangeBatches

const PUBLIC = new Set<string>(PUBLIC_COLLECTIONS)

export function createBuildHook({
  url,
  secret,
  logger,
  debounceMs,
  attempts = 5,
  backoffMs = 1000,
  timeoutMs = 10_000,
}: BuildHookOptions): BuildHook {
  async function deliver(changes: ContentChange[]): Promise<void> {
    const body = JSON.stringify({ changes } satisfies ContentChangeBatch)
    const outcome = await postSigned(url, secret, body, { attempts, backoffMs, timeoutMs })
    if (outcome.ok) logger.debug({ changes: changes.length }, 'site build requested')
    else if (outcome.refused)
      logger.error(
        { status: outcome.status },
        'the site build hook refused the request; check SITE_BUILD_HOOK_URL and REVALIDATE_SECRET',
      )
    else
      logger.warn(
        { status: outcome.status, err: outcome.error },
        'the site build hook is unreachable or failing; the static export is out of date until the next publish',
      )
  }

  return batchContentChanges({
    event: 'published',
    accept: (change) => change.kind !== 'collection' || PUBLIC.has(change.slug),
    waitMs: debounceMs,
    // One build for a burst of publishes; a publish just before a restart still gets its build (stop).
    debounce: true,
    deliver,
  })
}
