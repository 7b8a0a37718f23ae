import { describe, expect, it } from 'vitest'

import { validateUrl } from '../../src/fields/link'
import { MAX_SLUG_LENGTH, SLUG_PATTERN, slugify } from '../../src/fields/slugify'

describe('slugify', () => {
  it.each([
    ['Hello World', 'hello-world'],
    ['  Crème brûlée & café  ', 'creme-brulee-and-cafe'],
    ['Why we moved: part 2 (of 3)!', 'why-we-moved-part-2-of-3'],
    ['---', ''],
    ['Ünïcödé Ströng', 'unicode-strong'],
    ['日本語', ''],
    ['a/../../etc/passwd', 'a-etc-passwd'],
  ])('%s → %s', (input, expected) => {
    expect(slugify(input)).toBe(expected)
  })

  it('always produces URL-safe output within the length limit', () => {
    const long = slugify('word '.repeat(100))
    expect(long.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH)
    expect(long).toMatch(SLUG_PATTERN)
  })
})

describe('link URL validation', () => {
  it.each(['https://example.com', 'http://a.b/c?d=e', 'mailto:hi@example.com', 'tel:+351123', '/contact', ''])(
    'accepts %s',
    (url) => {
      expect(validateUrl(url)).toBe(true)
    },
  )

  it.each(['javascript:alert(1)', 'data:text/html,x', '//evil.example', 'ftp://x', 'https://a b'])(
    'refuses %s',
    (url) => {
      expect(validateUrl(url)).toMatch(/^Enter a URL/)
    },
  )
})
