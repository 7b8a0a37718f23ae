/** The CSRF guard acts only on requests that carry the session cookie itself. */
import { describe, expect, it } from 'vitest'

import { hasCookie } from '../../../src/server/middleware/csrf'

describe('hasCookie', () => {
  it('finds the session cookie among others, and ignores look-alikes and empty values', () => {
    expect(hasCookie('a=1; payload-token=abc.def; b=2', 'payload-token')).toBe(true)
    expect(hasCookie('payload-token=a=b', 'payload-token')).toBe(true)
    expect(hasCookie('xpayload-token=abc', 'payload-token')).toBe(false)
    expect(hasCookie('payload-token-other=abc', 'payload-token')).toBe(false)
    expect(hasCookie('payload-token=', 'payload-token')).toBe(false)
    expect(hasCookie(undefined, 'payload-token')).toBe(false)
  })
})
