import { describe, expect, it } from 'vitest'

import { CmsTimeoutError } from '../../src/cms/index.ts'
import { CMS_UNAVAILABLE } from '../../src/layouts/failure.ts'
import { failureOf, unavailable, UNAVAILABLE_ROUTE } from '../../src/layouts/unavailable.ts'

function context() {
  const rewrites: string[] = []
  const locals = {}
  return {
    rewrites,
    locals,
    rewrite: async (path: string) => {
      rewrites.push(path)
      return new Response('rewritten')
    },
  }
}

describe('unavailable', () => {
  it('rewrites a CMS failure to the 503 page and keeps its request ID for it', async () => {
    const page = context()
    const response = await unavailable(page, new CmsTimeoutError('slow', { requestId: 'req-42', timeoutMs: 5000 }))
    expect(await response.text()).toBe('rewritten')
    expect(page.rewrites).toEqual([UNAVAILABLE_ROUTE])
    expect(failureOf(page.locals)).toMatchObject({ status: 503, reference: 'req-42' })
  })

  it('rethrows anything that is not a CMS failure', () => {
    const page = context()
    const bug = new TypeError('bug')
    expect(() => unavailable(page, bug)).toThrow(bug)
    expect(page.rewrites).toEqual([])
  })

  it('answers the generic failure for a request that recorded none', () => {
    expect(failureOf({})).toEqual(CMS_UNAVAILABLE)
  })
})
