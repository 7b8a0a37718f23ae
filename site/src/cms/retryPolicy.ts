/**
 * Which failures are worth another attempt. Retried: no answer at all, 5xx, and 429 —
 * all "try later" conditions. Never retried: other 4xx (the request itself is wrong),
 * timeouts (a CMS that slow is overloaded; piling on makes it worse), schema mismatches.
 * Requests that are not idempotent (POST) are retried only when the CMS certainly did not
 * act on them: a refused connection, or a 429.
 */
import { CmsHttpError, CmsNetworkError } from './errors.ts'
import { backoffDelay, type RetryTiming } from './retry.ts'

export interface RetryContext {
  /** 0 for the first retry. */
  attempt: number
  retries: number
  idempotent: boolean
  timing: RetryTiming
  random: () => number
}

/** Milliseconds to wait before the next attempt, or undefined to give up with `failure`. */
export function retryDelayFor(failure: CmsHttpError | CmsNetworkError, context: RetryContext): number | undefined {
  if (context.attempt >= context.retries) return undefined
  const backoff = () => backoffDelay(context.attempt, context.timing, context.random)

  if (failure instanceof CmsNetworkError) {
    return context.idempotent || failure.code === 'ECONNREFUSED' ? backoff() : undefined
  }
  const { status, retryAfterMs } = failure
  const retryable = status === 429 || (status >= 500 && context.idempotent)
  if (!retryable) return undefined
  if (retryAfterMs !== undefined && (status === 429 || status === 503)) {
    // Waiting less than asked would only earn another refusal; waiting longer than the cap
    // would hold a page render hostage. Give up instead.
    return retryAfterMs <= context.timing.maxRetryAfterMs ? retryAfterMs : undefined
  }
  return backoff()
}
