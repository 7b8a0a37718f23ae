/**
 * Scale math for the page-weight bar chart: a "nice" axis maximum (1, 2, 2.5 or 5 × 10ⁿ) that
 * fits every bar and the budget line, evenly spaced ticks, and bar geometry in SVG units.
 * Horizontal bars: labels on the left, values grow to the right.
 */

export interface Series {
  name: string
  kb: number
}

export interface ChartLayout {
  width: number
  /** Space for the labels left of the bars. */
  labelWidth: number
  barHeight: number
  gap: number
  /** Room above the first bar (budget label) and below the last (axis). */
  top: number
  bottom: number
  right: number
}

export const DEFAULT_LAYOUT: ChartLayout = {
  width: 640,
  labelWidth: 150,
  barHeight: 28,
  gap: 14,
  top: 28,
  bottom: 32,
  right: 16,
}

export interface Bar extends Series {
  x: number
  y: number
  width: number
  height: number
  overBudget: boolean
  /** kb ÷ budget, e.g. 4.8 for "4.8× the budget". */
  ratio: number
}

export interface Tick {
  value: number
  x: number
}

export interface Chart {
  width: number
  height: number
  max: number
  bars: Bar[]
  ticks: Tick[]
  budgetX: number
  plotLeft: number
  plotWidth: number
  axisY: number
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ that is ≥ value; 1 for anything not positive. */
export function niceCeil(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude
    // Guard against floating error (e.g. 0.30000000000000004).
    if (candidate >= value - magnitude * 1e-9) return Number(candidate.toPrecision(12))
  }
  return 10 * magnitude
}

/** `count` equal steps from 0 to max (max itself included). */
export function ticksFor(max: number, count = 5): number[] {
  const steps = Math.max(1, Math.round(count))
  return Array.from({ length: steps + 1 }, (_, index) => Number(((max * index) / steps).toPrecision(12)))
}

/** Position of `value` on an axis of `length` units for 0…max; clamped to the axis. */
export function scale(value: number, max: number, length: number): number {
  if (!(max > 0) || !Number.isFinite(value) || value <= 0) return 0
  return Math.min(length, (value / max) * length)
}

export function buildChart(series: readonly Series[], budgetKb: number, layout: ChartLayout = DEFAULT_LAYOUT): Chart {
  const max = niceCeil(Math.max(budgetKb > 0 ? budgetKb : 0, ...series.map((item) => item.kb)))
  const plotLeft = layout.labelWidth
  const plotWidth = Math.max(1, layout.width - layout.labelWidth - layout.right)
  const bars = series.map((item, index) => ({
    ...item,
    x: plotLeft,
    y: layout.top + index * (layout.barHeight + layout.gap),
    width: scale(item.kb, max, plotWidth),
    height: layout.barHeight,
    overBudget: budgetKb > 0 && item.kb > budgetKb,
    ratio: budgetKb > 0 ? item.kb / budgetKb : 0,
  }))
  const plotHeight =
    series.length === 0 ? layout.barHeight : series.length * (layout.barHeight + layout.gap) - layout.gap
  const axisY = layout.top + plotHeight + 6
  return {
    width: layout.width,
    height: axisY + layout.bottom,
    max,
    bars,
    ticks: ticksFor(max, 4).map((value) => ({ value, x: plotLeft + scale(value, max, plotWidth) })),
    budgetX: plotLeft + scale(budgetKb, max, plotWidth),
    plotLeft,
    plotWidth,
    axisY,
  }
}

/** `24 KB`, `910 KB`, `1.2 MB`. */
export function formatKb(kb: number): string {
  if (!Number.isFinite(kb)) return '–'
  if (kb >= 1000) return `${(kb / 1000).toFixed(kb >= 10_000 ? 0 : 1)} MB`
  return `${Math.round(kb)} KB`
}

/** `4.8×` over, or `24 % of` the budget. */
export function describeRatio(ratio: number): string {
  if (!(ratio > 0)) return ''
  if (ratio > 1) return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× the budget`
  return `${Math.round(ratio * 100)} % of the budget`
}

/** Labels longer than `max` characters end in an ellipsis, so they fit left of the bars. */
export function shortLabel(name: string, max = 20): string {
  return name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`
}
