/**
 * Each demo's `settings` (free-form JSON an editor types in the CMS), checked with zod. A bad
 * value never breaks a demo: each setting falls back to its default on its own, and lists keep
 * their good items. `zod/mini` keeps this small in the browser bundle.
 */
import * as z from 'zod/mini'

import { allowedCollections, clampLimit, DEFAULT_LIMIT } from './explorer.ts'
import type { Series } from './chart.ts'
import { clampTeam } from './estimate.ts'

type Settings = Record<string, unknown> | null | undefined

const finite = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max))

// ── Cost estimator ──────────────────────────────────────────────────────────────

export const DEFAULT_FEATURES: Readonly<Record<string, number>> = {
  'user accounts': 6,
  payments: 8,
  'content management': 5,
  search: 4,
  'mobile app': 20,
  analytics: 3,
}

export interface EstimatorSettings {
  features: { name: string; days: number }[]
  dayRate: number
  currency: string
  riskFactor: number
  teamSize: number
}

const estimatorSchema = z.object({
  dayRate: z.catch(finite(1, 100_000), 650),
  currency: z.catch(z.string().check(z.regex(/^[A-Za-z]{3}$/)), 'EUR'),
  riskFactor: z.catch(finite(0, 1), 0.25),
  teamSize: z.catch(finite(1, 50), 3),
})

const featureDays = finite(0.5, 365)

export function parseEstimatorSettings(settings: Settings): EstimatorSettings {
  const base = estimatorSchema.parse(settings ?? {})
  const raw = settings?.features
  const features: { name: string; days: number }[] = []
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [name, days] of Object.entries(raw)) {
      if (name.trim() !== '' && name.length <= 60 && featureDays.safeParse(days).success)
        features.push({ name: name.trim(), days: days as number })
      if (features.length === 24) break
    }
  }
  return {
    ...base,
    currency: base.currency.toUpperCase(),
    teamSize: clampTeam(base.teamSize),
    features: features.length > 0 ? features : Object.entries(DEFAULT_FEATURES).map(([name, days]) => ({ name, days })),
  }
}

// ── API explorer ────────────────────────────────────────────────────────────────

export const DEFAULT_COLLECTIONS = ['posts', 'projects', 'services'] as const

export interface ExplorerSettings {
  collections: string[]
  defaultLimit: number
}

export function parseExplorerSettings(settings: Settings): ExplorerSettings {
  const listed = z.array(z.unknown()).safeParse(settings?.collections)
  const collections = allowedCollections(listed.success ? listed.data : null)
  return {
    collections: collections.length > 0 ? collections : [...DEFAULT_COLLECTIONS],
    defaultLimit: clampLimit(settings?.defaultLimit, DEFAULT_LIMIT),
  }
}

// ── Performance chart ───────────────────────────────────────────────────────────

export const DEFAULT_SERIES: readonly Series[] = [
  { name: 'Static Astro', kb: 24 },
  { name: 'Typical SPA', kb: 480 },
  { name: 'WordPress theme', kb: 910 },
]

export interface ChartSettings {
  series: Series[]
  budgetKb: number
}

const seriesItem = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(40)),
  kb: finite(0, 1_000_000),
})

export function parseChartSettings(settings: Settings): ChartSettings {
  const budget = z.catch(finite(1, 1_000_000), 100).parse(settings?.budgetKb)
  const raw = Array.isArray(settings?.series) ? (settings.series as unknown[]) : []
  const series: Series[] = []
  for (const item of raw) {
    const parsed = seriesItem.safeParse(item)
    if (parsed.success && parsed.data.name.trim() !== '')
      series.push({ name: parsed.data.name.trim(), kb: parsed.data.kb })
    if (series.length === 12) break
  }
  return { budgetKb: budget, series: series.length > 0 ? series : DEFAULT_SERIES.map((item) => ({ ...item })) }
}
