/**
 * When and how long to wait before trying the CMS again. Kept apart from the client so the
 * arithmetic can be tested without a server, and so tests can inject `sleep` and `random`.
 */

export interface RetryTiming {
  /** First backoff ceiling; doubles each attempt. */
  baseDelayMs: number
  /** Largest backoff ceiling, whatever the attempt. */
  maxDelayMs: number
  /** Longest Retry-After the client will wait; a longer one ends the call at once. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_TIMING: RetryTiming = { baseDelayMs: 100, maxDelayMs: 2000, maxRetryAfterMs: 5000 }

/**
 * Exponential backoff with full jitter (a random wait between 0 and the ceiling), so many
 * site instances that failed together do not all come back at the same moment.
 * `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, timing: RetryTiming, random: () => number = Math.random): number {
  const ceiling = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/**
 * Reads Retry-After as delta-seconds or an HTTP date, in milliseconds from `now`.
 * Returns undefined when absent or unreadable (the caller then backs off as usual).
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  // Only a date with a month name or weekday; Date.parse would also take "-5" as a year.
  if (!/[a-z]{3}/i.test(value)) return undefined
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** setTimeout as a promise that rejects with the signal's reason when it is aborted. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
