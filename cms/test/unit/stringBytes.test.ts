/** The fast read's memory estimate for projections (FAST_READ_MAX_BYTES) counts what V8 holds. */
import { describe, expect, it } from 'vitest'

import { stringBytes } from '../../src/server/publicReads/fastRead'

describe('stringBytes', () => {
  it('counts one byte per character for Latin-1 text, two once any character is wider', () => {
    expect(stringBytes('{"title":"Café"}')).toBe(16)
    expect(stringBytes('{"title":"Café — notes"}')).toBe(2 * 24)
    expect(stringBytes('{"title":"🙂"}')).toBe(2 * '{"title":"🙂"}'.length)
    expect(stringBytes('')).toBe(0)
  })
})
