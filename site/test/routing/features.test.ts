import { describe, expect, it } from 'vitest'

import { ALL_FEATURES_ON, featureForPath, isHrefEnabled } from '../../src/routing/features.ts'

describe('featureForPath', () => {
  it('maps section routes to their switch', () => {
    expect(featureForPath('/blog')).toBe('blog')
    expect(featureForPath('/blog/page/2')).toBe('blog')
    expect(featureForPath('/rss.xml')).toBe('blog')
    expect(featureForPath('/projects/x')).toBe('portfolio')
    expect(featureForPath('/demos/')).toBe('demos')
  })

  it('leaves other paths alone', () => {
    expect(featureForPath('/')).toBeNull()
    expect(featureForPath('/about')).toBeNull()
    expect(featureForPath('/blogroll')).toBeNull()
  })
})

describe('isHrefEnabled', () => {
  const noBlog = { ...ALL_FEATURES_ON, blog: false }

  it('hides links into a switched-off section only', () => {
    expect(isHrefEnabled('/blog', noBlog)).toBe(false)
    expect(isHrefEnabled('/blog?category=x', noBlog)).toBe(false)
    expect(isHrefEnabled('/projects', noBlog)).toBe(true)
    expect(isHrefEnabled('/about', noBlog)).toBe(true)
  })

  it('always shows external links', () => {
    expect(isHrefEnabled('https://example.com/blog', noBlog)).toBe(true)
    expect(isHrefEnabled('//example.com/blog', noBlog)).toBe(true)
  })
})
