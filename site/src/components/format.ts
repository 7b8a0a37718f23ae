/** Display text for values the CMS stores as codes or ISO dates. */

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** `2026-03-12T09:00:00.000Z` → `12 March 2026`; null for a missing or unreadable date. */
export function formatDate(iso: string | null | undefined): string | null {
  const date = parseDate(iso)
  return date === null ? null : DATE_FORMAT.format(date)
}

/** The value for <time datetime>: the date part, or null. */
export function isoDate(iso: string | null | undefined): string | null {
  const date = parseDate(iso)
  return date === null ? null : date.toISOString().slice(0, 10)
}

export function parseDate(iso: string | null | undefined): Date | null {
  if (typeof iso !== 'string' || iso === '') return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

const INDUSTRY_LABELS: Readonly<Record<string, string>> = {
  fintech: 'Fintech',
  health: 'Health',
  retail: 'Retail',
  logistics: 'Logistics',
  media: 'Media',
  education: 'Education',
  'public-sector': 'Public sector',
  saas: 'SaaS',
}

export function industryLabel(industry: string | null | undefined): string | null {
  if (!industry) return null
  return INDUSTRY_LABELS[industry] ?? industry
}

const PLATFORM_LABELS: Readonly<Record<string, string>> = {
  github: 'GitHub',
  linkedin: 'LinkedIn',
  x: 'X',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  youtube: 'YouTube',
  dribbble: 'Dribbble',
}

export function platformLabel(platform: string | null | undefined): string {
  if (!platform) return 'Profile'
  return PLATFORM_LABELS[platform] ?? platform
}

const DEMO_KIND_LABELS: Readonly<Record<string, string>> = {
  'cost-estimator': 'Cost estimator',
  'api-explorer': 'API explorer',
  'performance-chart': 'Performance chart',
}

export function demoKindLabel(kind: string): string {
  return DEMO_KIND_LABELS[kind] ?? kind
}
