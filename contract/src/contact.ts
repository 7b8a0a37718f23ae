/**
 * The contact form's rules, shared by the CMS (the Inquiries collection and its screening hook,
 * the final judge) and the site (server-side checks, the form's attributes and the browser's
 * inline validation). Data and pure functions only: this module ships to the browser.
 */

/** Budget ranges a visitor may pick, stored as the value; the label is what people read. */
export const CONTACT_BUDGETS = ['under-10k', '10k-50k', '50k-150k', 'over-150k', 'unsure'] as const
export type ContactBudget = (typeof CONTACT_BUDGETS)[number]

export const CONTACT_BUDGET_LABELS: Record<ContactBudget, string> = {
  'under-10k': 'Under €10k',
  '10k-50k': '€10k – €50k',
  '50k-150k': '€50k – €150k',
  'over-150k': 'Over €150k',
  unsure: 'Not sure yet',
}

/** Lengths in characters; the CMS enforces them on every door, the site checks them first to answer kindly. */
export const CONTACT_LIMITS = {
  name: 120,
  email: 254,
  company: 120,
  messageMin: 10,
  message: 5000,
  sourcePage: 300,
  /** The honeypot is only ever judged empty or not; longer input is cut before it travels. */
  honeypot: 500,
} as const

/** A field people never see: anything in it marks a bot. An input only, never stored. */
export const CONTACT_HONEYPOT_FIELD = 'website'
/** When the form was shown (epoch ms or ISO date): bots post instantly. An input only, never stored. */
export const CONTACT_STARTED_AT_FIELD = 'formStartedAt'
/** The site's and the CMS's clocks may differ a little; a start time further ahead is not believable. */
export const CONTACT_CLOCK_SKEW_MS = 60_000

/** Epoch milliseconds from a number, a digit string or an ISO date; undefined when unusable. */
export function parseStartedAt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.trunc(value) : undefined
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  const parsed = /^\d{1,16}$/.test(text) ? Number(text) : Date.parse(text)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined
}
