import { describe, expect, it } from 'vitest'

import { CONTACT_BUDGET_LABELS, CONTACT_BUDGETS, CONTACT_LIMITS, parseStartedAt } from '../src/contact'

describe('parseStartedAt', () => {
  it('reads epoch ms from numbers, digit strings and ISO dates', () => {
    expect(parseStartedAt(1750000000000)).toBe(1750000000000)
    expect(parseStartedAt(1750000000000.7)).toBe(1750000000000)
    expect(parseStartedAt(' 1750000000000 ')).toBe(1750000000000)
    expect(parseStartedAt('2025-06-15T12:00:00.000Z')).toBe(Date.parse('2025-06-15T12:00:00.000Z'))
  })

  it('drops anything else', () => {
    for (const value of ['', '  ', 'soon', -5, 0, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}, []]) {
      expect(parseStartedAt(value)).toBeUndefined()
    }
  })
})

describe('contact rules', () => {
  it('labels every budget', () => {
    expect(Object.keys(CONTACT_BUDGET_LABELS).sort()).toEqual([...CONTACT_BUDGETS].sort())
  })

  it('keeps the message bounds ordered', () => {
    expect(CONTACT_LIMITS.messageMin).toBeLessThan(CONTACT_LIMITS.message)
  })
})
