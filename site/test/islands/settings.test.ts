import { describe, expect, it } from 'vitest'

import {
  DEFAULT_COLLECTIONS,
  DEFAULT_FEATURES,
  DEFAULT_SERIES,
  parseChartSettings,
  parseEstimatorSettings,
  parseExplorerSettings,
} from '../../src/islands/lib/settings.ts'

describe('parseEstimatorSettings', () => {
  it('reads the seeded settings', () => {
    const settings = parseEstimatorSettings({ currency: 'EUR', dayRate: 720, features: { auth: 6, payments: 8 } })
    expect(settings).toEqual({
      currency: 'EUR',
      dayRate: 720,
      riskFactor: 0.25,
      teamSize: 3,
      features: [
        { name: 'auth', days: 6 },
        { name: 'payments', days: 8 },
      ],
    })
  })

  it('falls back per setting, and keeps the good features', () => {
    const settings = parseEstimatorSettings({
      currency: 'euros',
      dayRate: 'lots',
      riskFactor: 3,
      teamSize: 40,
      features: { auth: 6, bad: -1, worse: 'x', '': 3 },
    })
    expect(settings).toMatchObject({
      currency: 'EUR',
      dayRate: 650,
      riskFactor: 0.25,
      teamSize: 8,
      features: [{ name: 'auth', days: 6 }],
    })
  })

  it('uses default features when none are usable, and for null settings', () => {
    const names = Object.keys(DEFAULT_FEATURES)
    expect(parseEstimatorSettings({ features: [1, 2] }).features.map((feature) => feature.name)).toEqual(names)
    expect(parseEstimatorSettings(null).features.map((feature) => feature.name)).toEqual(names)
  })

  it('upper-cases the currency', () => {
    expect(parseEstimatorSettings({ currency: 'usd' }).currency).toBe('USD')
  })
})

describe('parseExplorerSettings', () => {
  it('reads the seeded settings', () => {
    expect(parseExplorerSettings({ collections: ['posts', 'projects', 'services'], defaultLimit: 3 })).toEqual({
      collections: ['posts', 'projects', 'services'],
      defaultLimit: 3,
    })
  })

  it('drops private collections and falls back when none are left', () => {
    expect(parseExplorerSettings({ collections: ['users', 'posts'] }).collections).toEqual(['posts'])
    expect(parseExplorerSettings({ collections: ['users', 'inquiries'] }).collections).toEqual([...DEFAULT_COLLECTIONS])
    expect(parseExplorerSettings({ collections: 'posts' }).collections).toEqual([...DEFAULT_COLLECTIONS])
    expect(parseExplorerSettings(null)).toEqual({ collections: [...DEFAULT_COLLECTIONS], defaultLimit: 3 })
  })

  it('clamps the limit', () => {
    expect(parseExplorerSettings({ defaultLimit: 1000 }).defaultLimit).toBe(20)
    expect(parseExplorerSettings({ defaultLimit: 'many' }).defaultLimit).toBe(3)
  })
})

describe('parseChartSettings', () => {
  it('reads the seeded settings', () => {
    expect(parseChartSettings({ budgetKb: 100, series: [{ name: 'Static Astro', kb: 24 }] })).toEqual({
      budgetKb: 100,
      series: [{ name: 'Static Astro', kb: 24 }],
    })
  })

  it('keeps the good series items and falls back per setting', () => {
    const settings = parseChartSettings({
      budgetKb: -5,
      series: [{ name: 'ok', kb: 10 }, { name: '', kb: 5 }, { name: 'bad', kb: 'x' }, 'nope', { name: '  ', kb: 1 }],
    })
    expect(settings).toEqual({ budgetKb: 100, series: [{ name: 'ok', kb: 10 }] })
  })

  it('uses the default series when none are usable', () => {
    expect(parseChartSettings({ series: {} }).series).toEqual(DEFAULT_SERIES)
    expect(parseChartSettings(undefined).series).toEqual(DEFAULT_SERIES)
  })

  it('caps the number of series', () => {
    const many = Array.from({ length: 30 }, (_, index) => ({ name: `s${index}`, kb: index }))
    expect(parseChartSettings({ series: many }).series).toHaveLength(12)
  })
})
