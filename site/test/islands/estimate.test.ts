import { describe, expect, it } from 'vitest'

import {
  DISCOVERY_DAYS,
  QA_SHARE,
  clampTeam,
  estimate,
  featureLabel,
  moneyFormatter,
  teamShape,
  type EstimateInput,
} from '../../src/islands/lib/estimate.ts'

const base: EstimateInput = { featureDays: [10, 10], teamSize: 1, dayRate: 500, riskFactor: 0.2, timeline: 'standard' }

describe('estimate', () => {
  it('adds QA and discovery to the build days', () => {
    const result = estimate(base)
    expect(result.buildDays).toBe(20)
    expect(result.effortDays).toBe(20 * (1 + QA_SHARE) + DISCOVERY_DAYS) // 27
    expect(result.teamDays).toBe(27) // one person: no coordination overhead
    expect(result.expected).toBe(13_500)
    expect(result.weeks).toBe(5.5) // 27 days / 5 a week, rounded up to half weeks
  })

  it('spreads the range around the expected cost by the risk factor', () => {
    const result = estimate(base)
    expect(result.low).toBe(12_200) // 13 500 × 0.9, to the hundred
    expect(result.high).toBe(16_200) // 13 500 × 1.2
    expect(result.low).toBeLessThan(result.expected)
    expect(result.high).toBeGreaterThan(result.expected)
  })

  it('makes a bigger team faster but dearer (coordination)', () => {
    const solo = estimate(base)
    const four = estimate({ ...base, teamSize: 4 })
    expect(four.weeks).toBeLessThan(solo.weeks)
    expect(four.expected).toBeGreaterThan(solo.expected)
    expect(four.teamDays).toBeCloseTo(27 * 1.24, 1)
  })

  it('charges a premium and widens the range when urgent; narrows it when relaxed', () => {
    const standard = estimate(base)
    const urgent = estimate({ ...base, timeline: 'urgent' })
    const relaxed = estimate({ ...base, timeline: 'relaxed' })
    expect(urgent.expected).toBe(Math.round((13_500 * 1.2) / 100) * 100)
    expect(urgent.risk).toBeCloseTo(0.35)
    expect(relaxed.risk).toBeCloseTo(0.15)
    expect(relaxed.high - relaxed.low).toBeLessThan(standard.high - standard.low)
  })

  it('is all zeros with nothing chosen, and ignores nonsense days', () => {
    expect(estimate({ ...base, featureDays: [] })).toMatchObject({
      buildDays: 0,
      expected: 0,
      low: 0,
      high: 0,
      weeks: 0,
    })
    expect(estimate({ ...base, featureDays: [Number.NaN, -4, 10] }).buildDays).toBe(10)
  })

  it('keeps risk within 0–1 and the team within bounds', () => {
    expect(estimate({ ...base, riskFactor: 5, timeline: 'urgent' }).risk).toBe(1)
    expect(estimate({ ...base, riskFactor: 0, timeline: 'relaxed' }).risk).toBe(0)
    expect(clampTeam(0)).toBe(1)
    expect(clampTeam(99)).toBe(8)
    expect(clampTeam(Number.NaN)).toBe(1)
    expect(clampTeam(2.6)).toBe(3)
  })

  it('never produces a negative cost', () => {
    expect(estimate({ ...base, dayRate: -100 }).expected).toBe(0)
  })
})

describe('teamShape', () => {
  const total = (size: number, mobile = false) => teamShape(size, { mobile }).reduce((sum, role) => sum + role.count, 0)

  it('always adds up to the team size and always has someone building', () => {
    for (let size = 1; size <= 8; size++) {
      expect(total(size)).toBe(size)
      expect(total(size, true)).toBe(size)
      expect(teamShape(size).some((role) => role.role === 'Full-stack developer' && role.count >= 1)).toBe(true)
    }
  })

  it('grows roles in a sensible order', () => {
    expect(teamShape(1)).toEqual([{ role: 'Full-stack developer', count: 1 }])
    expect(teamShape(3).map((role) => role.role)).toEqual(['Tech lead', 'Product designer', 'Full-stack developer'])
    expect(teamShape(6).map((role) => role.role)).toEqual([
      'Tech lead',
      'Product designer',
      'QA engineer',
      'Delivery manager',
      'Full-stack developer',
    ])
    expect(teamShape(5, { mobile: true }).map((role) => role.role)).toContain('Mobile developer')
  })
})

describe('formatting', () => {
  it('labels feature keys readably', () => {
    expect(featureLabel('auth')).toBe('Auth')
    expect(featureLabel('mobile_app')).toBe('Mobile app')
    expect(featureLabel('userAccounts')).toBe('User Accounts')
    expect(featureLabel('---')).toBe('---')
    expect(featureLabel('cms')).toBe('CMS')
    expect(featureLabel('sso_login')).toBe('SSO login')
  })

  it('formats money and survives an unknown currency', () => {
    expect(moneyFormatter('EUR').format(12_500)).toBe('€12,500')
    expect(moneyFormatter('ZZZZ').format(1)).toBe('€1')
  })
})
