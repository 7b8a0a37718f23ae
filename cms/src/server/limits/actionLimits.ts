/**
 * Budgets attached to actions, not URLs: sign-in (per client and per account), forgot-password,
 * reset-password, contact submissions and API-key issues are counted by Payload hooks on the
 * operation itself, so REST (JSON or multipart), GraphQL (aliases included) and custom endpoints
 * all spend the same budget and get the same 429.
 *
 * The counters belong to the HTTP app (createApp owns Redis); hooks find the app's limits through
 * an internal header that the app's middleware always overwrites. Without one (seed, migrations,
 * scripts on the Local API) no budget or anti-spam rule applies: there is no client to count.
 */
import { randomUUID } from 'node:crypto'
import type { RequestHandler } from 'express'
import { APIError, type Payload, type PayloadRequest } from 'payload'
import type { Logger } from 'pino'

import { ERRORS, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'

import { clientAddressOf, counterKey } from './clientIdentity'

export const LIMITED_ACTIONS = [
  'login',
  'loginAccount',
  'forgotPassword',
  'resetPassword',
  'contact',
  'apiKey',
] as const
export type LimitedAction = (typeof LIMITED_ACTIONS)[number]

export interface ActionBudget {
  limit: number
  windowMs: number
  /** What a refused client is told (the same for every account, existing or not). */
  message: string
}

/** A shared counter (express-rate-limit store semantics: hits in the current window). */
export interface ActionCounter {
  increment: (key: string) => Promise<{ totalHits: number; resetTime?: Date }>
  decrement: (key: string) => Promise<void>
}

export interface ActionLimits {
  budgets: Record<LimitedAction, ActionBudget>
  counters: Record<LimitedAction, ActionCounter>
  /** Anonymous contact submissions sent sooner than this after the form was shown are refused. */
  contactMinFillSeconds: number
  logger: Logger
}

/** Internal: names the app whose limits apply to a request; set by `register` below only. */
export const LIMITS_HEADER = 'x-mspn-limits'

const registry = new WeakMap<Payload, Map<string, ActionLimits>>()

/**
 * Registers an app's limits for its Payload instance. The middleware marks each request as the
 * app's (several apps may share one Payload, e.g. in tests); `unregister` on close.
 */
export function registerActionLimits(
  payload: Payload,
  limits: ActionLimits,
): { middleware: RequestHandler; unregister: () => void } {
  const id = randomUUID()
  const apps = registry.get(payload) ?? new Map<string, ActionLimits>()
  registry.set(payload, apps)
  apps.set(id, limits)
  return {
    middleware: (req, _res, next) => {
      req.headers[LIMITS_HEADER] = id
      next()
    },
    unregister: () => apps.delete(id),
  }
}

/** The limits that apply to this request, if it came through an app that has them. */
export function limitsFor(req: PayloadRequest): ActionLimits | undefined {
  const id = req.headers?.get(LIMITS_HEADER)
  return id ? registry.get(req.payload)?.get(id) : undefined
}

/** The counter key for the request's client (IPv6 grouped by /56, as the API budget). */
export function clientKeyOf(req: PayloadRequest): string {
  return counterKey(clientAddressOf(req.headers) ?? 'unknown')
}

/** A refusal by a budget: 429 with `code: RATE_LIMITED` in REST and in GraphQL (see payloadApi.ts). */
export class RateLimitedError extends APIError<{ code: typeof ERRORS.RATE_LIMITED.code; retryAfterSeconds: number }> {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, ERRORS.RATE_LIMITED.status, { code: ERRORS.RATE_LIMITED.code, retryAfterSeconds }, true)
  }
}

/**
 * A refusal with a catalogue entry's status and code (and a field), kept as such in REST and
 * GraphQL answers; the message is the entry's unless the call site says more.
 */
export class CodedError extends APIError<{
  code: ErrorCode
  errors: { message: string; code: ErrorCode; path?: string }[]
}> {
  constructor(entry: ErrorEntry<ErrorCode>, message: string = entry.message, field?: string) {
    super(
      message,
      entry.status,
      { code: entry.code, errors: [{ message, code: entry.code, ...(field ? { path: field } : {}) }] },
      true,
    )
  }
}

/**
 * Counts one attempt of `action` for `key` and refuses it (429, with Retry-After) once the budget
 * is spent. A counter that cannot be reached lets it through (REDIS_FAILURE_MODE=open, the store
 * answers 0) or refuses it with a 503 (closed, the store throws).
 */
export async function consume(
  req: PayloadRequest,
  limits: ActionLimits,
  action: LimitedAction,
  key: string,
): Promise<void> {
  const budget = limits.budgets[action]
  let hits: { totalHits: number; resetTime?: Date }
  try {
    hits = await limits.counters[action].increment(key)
  } catch (error) {
    limits.logger.error({ err: error, limiter: action }, 'rate limit store unavailable; refusing request')
    throw new CodedError(ERRORS.UNAVAILABLE)
  }
  if (hits.totalHits <= budget.limit) return
  const resetMs = (hits.resetTime?.getTime() ?? Date.now() + budget.windowMs) - Date.now()
  const retryAfterSeconds = Math.max(1, Math.ceil(resetMs / 1000))
  limits.logger.warn({ limiter: action, client: clientAddressOf(req.headers) }, 'rate limit exceeded')
  // Payload merges these into its answer, REST error or GraphQL result alike.
  req.responseHeaders ??= new Headers()
  req.responseHeaders.set('Retry-After', String(retryAfterSeconds))
  req.responseHeaders.set('RateLimit-Policy', `"${action}"; q=${budget.limit}; w=${Math.round(budget.windowMs / 1000)}`)
  req.responseHeaders.set('RateLimit', `"${action}"; r=0; t=${retryAfterSeconds}`)
  throw new RateLimitedError(budget.message, retryAfterSeconds)
}

/** Gives back one attempt (a successful sign-in does not count against its account). */
export async function refund(limits: ActionLimits, action: LimitedAction, key: string): Promise<void> {
  await limits.counters[action]
    .decrement(key)
    .catch((error: unknown) => limits.logger.warn({ err: error, limiter: action }, 'rate limit refund failed'))
}
