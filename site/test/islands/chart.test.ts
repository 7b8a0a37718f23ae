import { describe, expect, it } from 'vitest'

import {
  DEFAULT_LAYOUT,
  buildChart,
  describeRatio,
  formatKb,
  niceCeil,
  scale,
  shortLabel,
  ticksFor,
} from '../../src/islands/lib/chart.ts'

describe('niceCeil', () => {
  it.each([
    [910, 1000],
    [480, 500],
    [100, 100],
    [101, 200],
    [201, 250],
    [0.3, 0.5],
    [24, 25],
    [7, 10],
    [0, 1],
    [-5, 1],
    [Number.NaN, 1],
  ])('rounds %d up to %d', (value, expected) => expect(niceCeil(value)).toBe(expected))
})

describe('ticksFor and scale', () => {
  it('spaces ticks evenly from 0 to max', () => {
    expect(ticksFor(1000, 4)).toEqual([0, 250, 500, 750, 1000])
    expect(ticksFor(2.5, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5])
  })

  it('maps values to lengths, clamped', () => {
    expect(scale(50, 100, 400)).toBe(200)
    expect(scale(200, 100, 400)).toBe(400)
    expect(scale(-1, 100, 400)).toBe(0)
    expect(scale(10, 0, 400)).toBe(0)
  })
})

describe('buildChart', () => {
  const series = [
    { name: 'Static Astro', kb: 24 },
    { name: 'Typical SPA', kb: 480 },
    { name: 'WordPress theme', kb: 910 },
  ]

  it('fits every bar and the budget on one nice axis', () => {
    const chart = buildChart(series, 100)
    expect(chart.max).toBe(1000)
    expect(chart.plotWidth).toBe(DEFAULT_LAYOUT.width - DEFAULT_LAYOUT.labelWidth - DEFAULT_LAYOUT.right)
    expect(chart.bars[2]!.width).toBeCloseTo(chart.plotWidth * 0.91)
    expect(chart.budgetX).toBeCloseTo(chart.plotLeft + chart.plotWidth * 0.1)
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 250, 500, 750, 1000])
  })

  it('flags bars over budget with their ratio', () => {
    const chart = buildChart(series, 100)
    expect(chart.bars.map((bar) => bar.overBudget)).toEqual([false, true, true])
    expect(chart.bars[1]!.ratio).toBeCloseTo(4.8)
  })

  it('stacks bars top to bottom and sizes the chart to them', () => {
    const chart = buildChart(series, 100)
    const step = DEFAULT_LAYOUT.barHeight + DEFAULT_LAYOUT.gap
    expect(chart.bars.map((bar) => bar.y)).toEqual([
      DEFAULT_LAYOUT.top,
      DEFAULT_LAYOUT.top + step,
      DEFAULT_LAYOUT.top + 2 * step,
    ])
    expect(chart.height).toBeGreaterThan(chart.bars[2]!.y + DEFAULT_LAYOUT.barHeight)
  })

  it('lets a budget above every bar set the scale', () => {
    expect(buildChart([{ name: 'tiny', kb: 10 }], 300).max).toBe(500)
  })

  it('handles no series', () => {
    const chart = buildChart([], 100)
    expect(chart.bars).toEqual([])
    expect(chart.max).toBe(100)
  })
})

describe('labels', () => {
  it('formats weights and ratios', () => {
    expect(formatKb(24)).toBe('24 KB')
    expect(formatKb(1200)).toBe('1.2 MB')
    expect(formatKb(25_000)).toBe('25 MB')
    expect(formatKb(Number.POSITIVE_INFINITY)).toBe('–')
    expect(describeRatio(4.8)).toBe('4.8× the budget')
    expect(describeRatio(12.3)).toBe('12× the budget')
    expect(describeRatio(0.24)).toBe('24 % of the budget')
    expect(describeRatio(0)).toBe('')
  })

  it('shortens long labels', () => {
    expect(shortLabel('Static Astro')).toBe('Static Astro')
    expect(shortLabel('A very long stack name indeed', 12)).toBe('A very long…')
  })
})
