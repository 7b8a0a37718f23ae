/**
 * The last cache purge this process sent to each site endpoint, and how it went: what the admin
 * dashboard shows as the health of the site link. Kept on `globalThis` because the admin panel
 * (bundled by Next.js) and the Express host load their own copies of this module in one process;
 * a symbol key gives both the same record. Per process: with several CMS processes, each shows the
 * purges it sent itself (every process purges every site endpoint for its own changes).
 */
export type SiteLinkOutcome = 'ok' | 'refused' | 'unreachable'

export interface SiteLinkAttempt {
  endpoint: string
  /** ISO time the delivery finished (after its retries). */
  at: string
  outcome: SiteLinkOutcome
  /** How many content changes the batch carried. */
  changes: number
  /** The site's HTTP status when it answered (refused, or 5xx after the last retry). */
  status?: number
  /** A short reason when it failed (never a stack trace). */
  error?: string
}

export interface SiteLinkStatus {
  /** False when no REVALIDATE_SECRET is set: the CMS does not purge the site at all. */
  configured: boolean
  endpoints: string[]
  /** The latest attempt per endpoint, newest first. */
  attempts: SiteLinkAttempt[]
  /** The latest successful delivery to any endpoint. */
  lastSuccessAt?: string
}

interface Store {
  configured: boolean
  endpoints: string[]
  attempts: Map<string, SiteLinkAttempt>
  lastSuccessAt?: string
}

const KEY = Symbol.for('mspn.siteLinkStatus')
type WithStore = typeof globalThis & { [KEY]?: Store }

function store(): Store {
  const holder = globalThis as WithStore
  holder[KEY] ??= { configured: false, endpoints: [], attempts: new Map() }
  return holder[KEY]
}

/** Called when the site revalidator is created (or not): which endpoints this process purges. */
export function configureSiteLink(endpoints: readonly string[]): void {
  const current = store()
  current.configured = endpoints.length > 0
  current.endpoints = [...endpoints]
  for (const endpoint of current.attempts.keys()) if (!endpoints.includes(endpoint)) current.attempts.delete(endpoint)
}

export function recordSiteLinkAttempt(attempt: SiteLinkAttempt): void {
  const current = store()
  current.attempts.set(attempt.endpoint, attempt)
  if (attempt.outcome === 'ok') current.lastSuccessAt = attempt.at
}

export function siteLinkStatus(): SiteLinkStatus {
  const { configured, endpoints, attempts, lastSuccessAt } = store()
  return {
    configured,
    endpoints: [...endpoints],
    attempts: [...attempts.values()].sort((a, b) => b.at.localeCompare(a.at)),
    ...(lastSuccessAt ? { lastSuccessAt } : {}),
  }
}

/** For tests: forget everything. */
export function resetSiteLinkStatus(): void {
  ;(globalThis as WithStore)[KEY] = undefined
}

/** A failure's reason in a few words (the log has the details). */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause
    if (error.name === 'TimeoutError') return 'timed out'
    if (cause?.code) return cause.code
    return error.message.slice(0, 120)
  }
  return 'failed'
}
