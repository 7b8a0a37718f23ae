import { describe, expect, it } from 'vitest'

import { CmsHttpError, CmsNetworkError } from '../src/cms/errors.ts'
import { backoffDelay, DEFAULT_RETRY_TIMING, parseRetryAfter, sleep } from '../src/cms/retry.ts'
import { retryDelayFor, type RetryContext } from '../src/cms/retryPolicy.ts'

const timing = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 }

describe('backoffDelay', () => {
  it('draws between 0 and a ceiling that doubles per attempt (full jitter)', () => {
    expect(backoffDelay(0, timing, () => 0)).toBe(0)
    expect(backoffDelay(0, timing, () => 0.999)).toBe(99)
    expect(backoffDelay(2, timing, () => 0.5)).toBe(200)
  })

  it('never exceeds maxDelayMs', () => {
    expect(backoffDelay(20, timing, () => 0.999)).toBe(999)
  })

  it('defaults to Math.random within bounds', () => {
    const delay = backoffDelay(1, DEFAULT_RETRY_TIMING)
    expect(delay).toBeGreaterThanOrEqual(0)
    expect(delay).toBeLessThan(200)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000)
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000)
  })

  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0)
  })

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
  })
})

describe('retryDelayFor', () => {
  const context: RetryContext = { attempt: 0, retries: 2, idempotent: true, timing, random: () => 0.5 }
  const http = (status: number, retryAfterMs?: number) =>
    new CmsHttpError({
      status,
      errors: [],
      requestId: 'r-12345678',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })

  it('stops once the retries are spent', () => {
    expect(retryDelayFor(http(503), { ...context, attempt: 2 })).toBeUndefined()
  })

  it('backs off on 5xx and 429 without Retry-After', () => {
    expect(retryDelayFor(http(500), context)).toBe(50)
    expect(retryDelayFor(http(429), context)).toBe(50)
  })

  it('uses Retry-After on 503 and 429 up to the cap', () => {
    expect(retryDelayFor(http(503, 1500), context)).toBe(1500)
    expect(retryDelayFor(http(429, 5000), context)).toBe(5000)
    expect(retryDelayFor(http(429, 5001), context)).toBeUndefined()
  })

  it('never retries other 4xx', () => {
    for (const status of [400, 401, 403, 404, 409, 413]) expect(retryDelayFor(http(status), context)).toBeUndefined()
  })

  it('retries non-idempotent requests only when they surely did not land', () => {
    const post = { ...context, idempotent: false }
    expect(retryDelayFor(http(503), post)).toBeUndefined()
    expect(retryDelayFor(http(429), post)).toBe(50)
    expect(retryDelayFor(new CmsNetworkError('reset', { requestId: 'r', code: 'ECONNRESET' }), post)).toBeUndefined()
    expect(retryDelayFor(new CmsNetworkError('refused', { requestId: 'r', code: 'ECONNREFUSED' }), post)).toBe(50)
  })
})

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined()
  })

  it('rejects with the abort reason, before or during the wait', async () => {
    await expect(sleep(10, AbortSignal.abort('gone'))).rejects.toBe('gone')
    const controller = new AbortController()
    const pending = sleep(60_000, controller.signal)
    controller.abort('left')
    await expect(pending).rejects.toBe('left')
  })
})
