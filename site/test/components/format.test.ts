import { describe, expect, it } from 'vitest'

import {
  demoKindLabel,
  formatDate,
  industryLabel,
  isoDate,
  parseDate,
  platformLabel,
} from '../../src/components/format.ts'

describe('dates', () => {
  it('formats ISO dates in UTC, for people and for <time>', () => {
    expect(formatDate('2026-03-12T23:30:00.000Z')).toBe('12 March 2026')
    expect(isoDate('2026-03-12T23:30:00.000Z')).toBe('2026-03-12')
  })

  it('answers null for missing or unreadable dates', () => {
    expect(formatDate(null)).toBeNull()
    expect(formatDate('')).toBeNull()
    expect(isoDate('not a date')).toBeNull()
    expect(parseDate(undefined)).toBeNull()
  })
})

describe('labels', () => {
  it('names known codes and passes unknown ones through', () => {
    expect(industryLabel('public-sector')).toBe('Public sector')
    expect(industryLabel('space')).toBe('space')
    expect(industryLabel(null)).toBeNull()
    expect(platformLabel('github')).toBe('GitHub')
    expect(platformLabel('myspace')).toBe('myspace')
    expect(platformLabel(null)).toBe('Profile')
    expect(demoKindLabel('api-explorer')).toBe('API explorer')
    expect(demoKindLabel('other')).toBe('other')
  })
})
