/**
 * The cost estimator's arithmetic, free of React so it can be tested and reasoned about:
 *
 *   build days   = Σ days of the chosen features
 *   effort days  = build days × (1 + QA & delivery share) + discovery days
 *   team days    = effort days × (1 + coordination overhead per extra person)
 *   weeks        = team days ÷ (team size × 5), rounded up to half weeks
 *   cost         = team days × day rate × timeline premium
 *   range        = cost × (1 − risk/2) … cost × (1 + risk), rounded to a hundred
 *
 * Risk grows with the timeline's pressure; a rushed plan costs more and is less certain.
 */

export type Timeline = 'relaxed' | 'standard' | 'urgent'

export const TIMELINES: Record<Timeline, { label: string; ratePremium: number; riskDelta: number }> = {
  relaxed: { label: 'Relaxed: quality over speed', ratePremium: 1, riskDelta: -0.05 },
  standard: { label: 'Standard', ratePremium: 1, riskDelta: 0 },
  urgent: { label: 'Urgent: overtime and parallel work', ratePremium: 1.2, riskDelta: 0.15 },
}

export const QA_SHARE = 0.2
export const DISCOVERY_DAYS = 3
export const COORDINATION_PER_PERSON = 0.08
export const MIN_TEAM = 1
export const MAX_TEAM = 8

export interface EstimateInput {
  /** Chosen features with their days of work. */
  featureDays: readonly number[]
  teamSize: number
  dayRate: number
  /** Base uncertainty, 0–1 (0.25 = the high end is 25 % above the expected cost). */
  riskFactor: number
  timeline: Timeline
}

export interface Estimate {
  buildDays: number
  effortDays: number
  teamDays: number
  weeks: number
  expected: number
  low: number
  high: number
  risk: number
}

export interface Role {
  role: string
  count: number
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))
const roundTo = (value: number, step: number) => Math.round(value / step) * step

export function clampTeam(size: number): number {
  return Number.isFinite(size) ? clamp(Math.round(size), MIN_TEAM, MAX_TEAM) : MIN_TEAM
}

/** The estimate; all zeros when nothing is chosen. */
export function estimate(input: EstimateInput): Estimate {
  const buildDays = input.featureDays.reduce((sum, days) => sum + (Number.isFinite(days) && days > 0 ? days : 0), 0)
  const team = clampTeam(input.teamSize)
  const timeline = TIMELINES[input.timeline] ?? TIMELINES.standard
  const risk = clamp(input.riskFactor + timeline.riskDelta, 0, 1)
  if (buildDays === 0) return { buildDays: 0, effortDays: 0, teamDays: 0, weeks: 0, expected: 0, low: 0, high: 0, risk }

  const effortDays = buildDays * (1 + QA_SHARE) + DISCOVERY_DAYS
  const teamDays = effortDays * (1 + COORDINATION_PER_PERSON * (team - 1))
  const weeks = Math.max(0.5, Math.ceil((teamDays / (team * 5)) * 2) / 2)
  const expected = teamDays * Math.max(0, input.dayRate) * timeline.ratePremium
  return {
    buildDays,
    effortDays: round1(effortDays),
    teamDays: round1(teamDays),
    weeks,
    expected: roundTo(expected, 100),
    low: roundTo(expected * (1 - risk / 2), 100),
    high: roundTo(expected * (1 + risk), 100),
    risk,
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}

/**
 * Who the team would be: a lead from two people on, a designer from three, QA from four, a
 * delivery manager from six; everyone else builds. `mobile` swaps one builder for a mobile developer.
 */
export function teamShape(size: number, options: { mobile?: boolean } = {}): Role[] {
  const team = clampTeam(size)
  if (team === 1) return [{ role: 'Full-stack developer', count: 1 }]
  const roles: Role[] = [{ role: 'Tech lead', count: 1 }]
  let left = team - 1
  const take = (role: string, from: number, count = 1) => {
    if (team >= from && left > count) {
      roles.push({ role, count })
      left -= count
    }
  }
  take('Product designer', 3)
  take('QA engineer', 4)
  take('Delivery manager', 6)
  if (options.mobile && left > 1) {
    roles.push({ role: 'Mobile developer', count: 1 })
    left -= 1
  }
  roles.push({ role: 'Full-stack developer', count: left })
  return roles
}

const ACRONYMS = new Set(['ai', 'api', 'cms', 'crm', 'erp', 'pwa', 'seo', 'sms', 'sso', 'ui', 'ux', '2fa'])

/** `mobile_app` → `Mobile app`, `cms` → `CMS`. */
export function featureLabel(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  if (words.length === 0) return name
  const label = words.map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word)).join(' ')
  return label.charAt(0).toUpperCase() + label.slice(1)
}

/** A money formatter that never throws: an unknown currency code falls back to EUR. */
export function moneyFormatter(currency: string, locale = 'en'): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 })
  } catch {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
  }
}
