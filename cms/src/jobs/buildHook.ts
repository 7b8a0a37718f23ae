/**
 * Where the site is a static export, a publish only reaches visitors once the site is built again.
 * This calls the configured build hook (SITE_BUILD_HOOK_URL) after changes to published content:
 * debounced (one build for a burst of publishes), signed like the cache-purge webhook
 * (`X-MSPN-Signature`, REVALIDATE_SECRET, body `{ "changes": [...] }`), retried with backoff when the
 * builder is down or answers 5xx, and never in the way of the save that caused it.
 */
import { PUBLIC_COLLECTIONS, type ContentChange, type ContentChangeBatch } from '@mspn/contract'
import { SIGNATURE_HEADER, signPayload } from '@mspn/contract/signature'

import { contentEvents } from '../hooks/contentEvents'

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

export interface BuildHook {
  /** Requests the build for what is pending now; resolves when delivered or given up. */
  flush: () => Promise<void>
  stop: () => Promise<void>
}

const PUBLIC = new Set<string>(PUBLIC_COLLECTIONS)

export function createBuildHook({ url, secret, logger, debounceMs, attempts = 5, backoffMs = 1000, timeoutMs = 10_000 }: BuildHookOptions): BuildHook {
  let pending: ContentChange[] = []
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()

  async function deliver(changes: ContentChange[]): Promise<void> {
    const body = JSON.stringify({ changes } satisfies ContentChangeBatch)
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        // Signed per attempt: a retry much later must not arrive with a stale timestamp.
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(secret, body) },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        })
        await response.body?.cancel()
        if (response.ok) {
          logger.debug({ changes: changes.length }, 'site build requested')
          return
        }
        // A 4xx will not change on retry (wrong secret or URL).
        if (response.status < 500) {
          logger.error({ status: response.status }, 'the site build hook refused the request; check SITE_BUILD_HOOK_URL and REVALIDATE_SECRET')
          return
        }
        if (attempt === attempts) logger.warn({ status: response.status }, 'the site build hook kept failing; the static export is out of date until the next publish')
      } catch (error) {
        if (attempt === attempts) logger.warn({ err: error }, 'the site build hook is unreachable; the static export is out of date until the next publish')
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)))
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    const changes = pending
    pending = []
    if (changes.length > 0) inFlight = inFlight.then(() => deliver(changes))
    return inFlight
  }

  const onPublished = (change: ContentChange) => {
    if (change.kind === 'collection' && !PUBLIC.has(change.slug)) return
    pending.push(change)
    clearTimeout(timer)
    timer = setTimeout(() => void flush(), debounceMs)
  }
  contentEvents.on('published', onPublished)

  return {
    flush,
    stop: async () => {
      contentEvents.off('published', onPublished)
      // A publish just before a restart still gets its build.
      await flush()
    },
  }
}
