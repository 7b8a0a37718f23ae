import { describe, expect, it } from 'vitest'

import { CmsHttpError, CmsNetworkError, CmsTimeoutError } from '../../src/cms/index.ts'
import { failureFor } from '../../src/layouts/failure.ts'

describe('failureFor', () => {
  it('answers 503 with the request ID for every kind of CMS failure', () => {
    const errors = [
      new CmsNetworkError('refused', { requestId: 'req-1' }),
      new CmsTimeoutError('slow', { requestId: 'req-2', timeoutMs: 5000 }),
      new CmsHttpError({ requestId: 'req-3', status: 500, errors: [] }),
    ]
    for (const error of errors) {
      const failure = failureFor(error)
      expect(failure.status).toBe(503)
      expect(failure.reference).toBe(error.requestId)
      expect(failure.message).not.toContain(error.message)
    }
  })

  it('answers 500 without details for anything else', () => {
    const failure = failureFor(new TypeError('x is undefined at line 3'))
    expect(failure).toMatchObject({ status: 500, reference: null })
    expect(failure.message).not.toContain('undefined')
    expect(failureFor(undefined).status).toBe(500)
  })
})
