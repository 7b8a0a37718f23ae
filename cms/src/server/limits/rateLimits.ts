/**
 * Per-client request budgets for the API and GraphQL, and the counters behind the per-action
 * budgets (sign-in, password reset, contact, API keys: see actionLimits.ts, enforced in Payload
 * hooks). Counters live in memory, or in Redis when configured so every process shares them. If
 * Redis fails, requests pass ('open', logged) or are refused ('closed') by setting.
 */
import type { Request, RequestHandler, Response } from 'express'
import { MemoryStore, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { RedisStore, type RedisReply } from 'rate-limit-redis'

import type { ActionCounter, ActionLimits, LimitedAction } from './actionLimits'
import { ERRORS } from '@mspn/contract/errors'

import { errorItem, refuse, sendError } from '../errors'
import { counterKey, isSiteOwnRequest } from './clientIdentity'

export interface RateLimitOptions {
  apiRoute: string
  budgets: {
    apiPerMinute: number
    /** The site's own reads (signed, no visitor address), counted apart from every client's. */
    sitePerMinute: number
    loginPer15Minutes: number
    contactPerHour: number
    graphqlPerMinute: number
    /** Site-search queries (`GET <api>/search`), on top of the API budget. */
    searchPerMinute: number
    /** Failed sign-ins per account (normalised email), whatever the IPs they come from. */
    loginPerAccountPer15Minutes: number
    apiKeyRotationPerHour: number
  }
  /** Anonymous contact submissions sent sooner than this after the form was shown are refused. */
  contactMinFillSeconds: number
  redis?: Redis
  /** Namespace for the counters' keys in Redis. */
  prefix: string
  failureMode: 'open' | 'closed'
  logger: Logger
}

const MINUTE = 60_000

/** The counter a request's client uses: its address from clientIdentity (IPv6 by /56, as the library does). */
export function clientKeyOf(req: Request, res: Response): string {
  return counterKey(typeof res.locals.clientAddress === 'string' ? res.locals.clientAddress : (req.ip ?? ''))
}

/**
 * Wraps the Redis store so its failures are logged once as JSON (not printed by the library) and
 * handled by the configured mode: 'open' lets the request through uncounted, 'closed' rethrows
 * (the limiter then answers 503, see `only` below).
 */
class ResilientStore implements Store {
  private failing = false
  private options: Options | undefined
  private lastReload = 0

  constructor(
    private readonly inner: RedisStore,
    private readonly mode: 'open' | 'closed',
    private readonly logger: Logger,
    private readonly name: string,
  ) {}

  get prefix(): string | undefined {
    return this.inner.prefix
  }

  init(options: Options): void {
    this.options = options
    this.load(0)
  }

  /**
   * Loads the store's Lua scripts, retrying with backoff until Redis answers: a load that timed out
   * at start-up (a busy machine) would otherwise fail the first requests, which 'closed' refuses.
   */
  private load(attempt: number): void {
    if (!this.options) return
    this.inner.init(this.options).catch((error: unknown) => {
      this.failed(error)
      setTimeout(() => this.load(attempt + 1), Math.min(2000, 100 * 2 ** attempt)).unref()
    })
  }

  /**
   * Logs the first failure of a run, and reloads the store's Lua scripts (at most once a second):
   * when Redis was down at start-up their load failed, and without a reload the store would keep
   * failing after Redis is back.
   */
  private failed(error: unknown): void {
    if (!this.failing)
      this.logger.warn({ err: error, limiter: this.name, mode: this.mode }, 'rate limit store unavailable')
    this.failing = true
    const now = Date.now()
    if (this.options && now - this.lastReload > 1000) {
      this.lastReload = now
      this.inner.init(this.options).catch(() => undefined)
    }
  }

  async increment(key: string): Promise<IncrementResponse> {
    try {
      const result = await this.inner.increment(key)
      if (this.failing) this.logger.info({ limiter: this.name }, 'rate limit store back')
      this.failing = false
      return result
    } catch (error) {
      this.failed(error)
      if (this.mode === 'closed') throw error
      return { totalHits: 0, resetTime: undefined }
    }
  }

  async decrement(key: string): Promise<void> {
    await this.inner.decrement(key).catch((error: unknown) => this.failed(error))
  }

  async resetKey(key: string): Promise<void> {
    await this.inner.resetKey(key).catch((error: unknown) => this.failed(error))
  }
}

export interface RateLimiters {
  /** All per-IP limiters, each applied to its routes. */
  handlers: RequestHandler[]
  /** The per-action budgets and their counters, for the operation hooks (see actionLimits.ts). */
  actions: ActionLimits
  /**
   * Counts a request against the general per-IP API budget without the middleware's overhead
   * (cache hits use it). Resolves true when the request may proceed; otherwise it has answered.
   */
  countApiRequest: (req: Request, res: Response) => Promise<boolean>
  /**
   * The count alone, for the cache's hit listener (publicReads/hitListener.ts), which answers
   * hits before Express: it serves the hit when `admits` says so, else hands the request to
   * Express with the count in `res.locals.apiCount`, where countApiRequest answers it without
   * counting the request a second time.
   */
  countApi: (client: { clientAddress: string; viaSite: boolean }) => Promise<ApiCount>
  admits: (count: ApiCount) => boolean
  /** True when counts are kept in Redis (a count may wait); in memory, one settles in a microtask. */
  countsWait: boolean
}

/** One request counted against the general API budget: the store's answer, or its failure. */
export interface ApiCount {
  site: boolean
  limit: number
  hits?: IncrementResponse
  error?: unknown
}

export function rateLimits({
  apiRoute,
  budgets,
  contactMinFillSeconds,
  redis,
  prefix,
  failureMode,
  logger,
}: RateLimitOptions): RateLimiters {
  const store = (name: string): Store | undefined =>
    redis
      ? new ResilientStore(
          new RedisStore({
            prefix: `${prefix}rl:${name}:`,
            // The script is loaded lazily by the store; a failure surfaces on the first increment.
            sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
          }),
          failureMode,
          logger,
          name,
        )
      : undefined

  const limiter = (
    name: string,
    windowMs: number,
    limit: number,
    message: string,
    sharedStore?: Store,
    extra: Partial<Options> = {},
  ) =>
    rateLimit({
      ...extra,
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: sharedStore ?? store(name),
      // Store failures are already handled by ResilientStore (open: counted as allowed); what still
      // reaches the limiter is a 'closed' refusal, answered 503 by `only` below.
      passOnStoreError: false,
      identifier: name,
      validate: false,
      handler: (req, res, _next, options) => {
        logger.warn({ requestId: res.locals.requestId, limiter: name, ip: req.ip }, 'rate limit exceeded')
        if (!res.getHeader('Retry-After')) res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)))
        sendError(res, options.statusCode, [errorItem(ERRORS.RATE_LIMITED, message)])
      },
    })

  const apiStore = store('api') ?? new MemoryStore()
  const byClient = { keyGenerator: clientKeyOf }
  const api = limiter('api', MINUTE, budgets.apiPerMinute, ERRORS.RATE_LIMITED.message, apiStore, byClient)
  const siteApiStore = store('api-site') ?? new MemoryStore()
  const siteApi = limiter(
    'api-site',
    MINUTE,
    budgets.sitePerMinute,
    ERRORS.RATE_LIMITED.message,
    siteApiStore,
    byClient,
  )
  const graphql = limiter(
    'graphql',
    MINUTE,
    budgets.graphqlPerMinute,
    'Too many GraphQL requests. Please slow down.',
    undefined,
    byClient,
  )
  const search = limiter(
    'search',
    MINUTE,
    budgets.searchPerMinute,
    'Too many searches. Please slow down.',
    undefined,
    byClient,
  )

  // One budget per action, whatever the door (see actionLimits.ts). Store names keep the
  // previous limiters' Redis keys where the action is the same.
  const actionBudgets: ActionLimits['budgets'] = {
    login: {
      limit: budgets.loginPer15Minutes,
      windowMs: 15 * MINUTE,
      message: 'Too many sign-in attempts. Please wait before trying again.',
    },
    // Keyed on the account, not the client: spreading guesses over many addresses does not help.
    // Only failures count, and unknown emails count like real ones, so a 429 says nothing about
    // whether an account exists.
    loginAccount: {
      limit: budgets.loginPerAccountPer15Minutes,
      windowMs: 15 * MINUTE,
      message: 'Too many sign-in attempts for this account. Please wait before trying again.',
    },
    forgotPassword: {
      limit: budgets.loginPer15Minutes,
      windowMs: 15 * MINUTE,
      message: 'Too many password reset requests. Please wait before trying again.',
    },
    resetPassword: {
      limit: budgets.loginPer15Minutes,
      windowMs: 15 * MINUTE,
      message: 'Too many password reset attempts. Please wait before trying again.',
    },
    contact: {
      limit: budgets.contactPerHour,
      windowMs: 60 * MINUTE,
      message: 'Too many messages from your address. Please try again later or email us.',
    },
    apiKey: {
      limit: budgets.apiKeyRotationPerHour,
      windowMs: 60 * MINUTE,
      message: 'Too many API keys issued from your address. Please wait before trying again.',
    },
  }
  const storeNames: Record<LimitedAction, string> = {
    login: 'login',
    loginAccount: 'login-account',
    forgotPassword: 'forgot',
    resetPassword: 'reset',
    contact: 'contact',
    apiKey: 'api-key',
  }
  const counter = (action: LimitedAction): ActionCounter => {
    const counterStore = store(storeNames[action]) ?? new MemoryStore()
    counterStore.init?.({ windowMs: actionBudgets[action].windowMs } as Options)
    return {
      increment: async (key) => counterStore.increment(key),
      decrement: async (key) => {
        await counterStore.decrement(key)
      },
    }
  }
  const actions: ActionLimits = {
    budgets: actionBudgets,
    counters: Object.fromEntries(
      (Object.keys(storeNames) as LimitedAction[]).map((action) => [action, counter(action)]),
    ) as ActionLimits['counters'],
    contactMinFillSeconds,
    logger,
  }

  // With failureMode 'closed', a store failure refuses the request (503) instead of letting it through.
  const only =
    (predicate: (req: Parameters<RequestHandler>[0]) => boolean, handler: RequestHandler): RequestHandler =>
    (req, res, next) => {
      if (!predicate(req)) return next()
      handler(req, res, (error?: unknown) => {
        if (!error) return next()
        logger.error({ err: error, requestId: res.locals.requestId }, 'rate limit store unavailable; refusing request')
        refuse(res, ERRORS.UNAVAILABLE)
      })
    }

  async function countApi(client: { clientAddress: string; viaSite: boolean }): Promise<ApiCount> {
    const site = isSiteOwnRequest(client)
    const limit = site ? budgets.sitePerMinute : budgets.apiPerMinute
    try {
      const hits = await (site ? siteApiStore : apiStore).increment(counterKey(client.clientAddress))
      return { site, limit, hits }
    } catch (error) {
      return { site, limit, error }
    }
  }

  const admits = (count: ApiCount) => count.hits !== undefined && count.hits.totalHits <= count.limit

  async function countApiRequest(req: Request, res: Response): Promise<boolean> {
    // Counted already by the hit listener, which handed the request over to answer a refusal.
    const counted = res.locals.apiCount as ApiCount | undefined
    res.locals.apiCount = undefined
    const count =
      counted ??
      (await countApi({
        clientAddress: typeof res.locals.clientAddress === 'string' ? res.locals.clientAddress : (req.ip ?? ''),
        viaSite: res.locals.viaSite === true,
      }))
    if (admits(count)) return true
    const { site, limit, hits } = count
    if (!hits) {
      logger.error(
        { err: count.error, requestId: res.locals.requestId },
        'rate limit store unavailable; refusing request',
      )
      refuse(res, ERRORS.UNAVAILABLE)
      return false
    }
    const resetSeconds = Math.max(
      1,
      Math.ceil(((hits.resetTime?.getTime() ?? Date.now() + MINUTE) - Date.now()) / 1000),
    )
    logger.warn({ requestId: res.locals.requestId, limiter: 'api', ip: req.ip }, 'rate limit exceeded')
    res.setHeader('Retry-After', String(resetSeconds))
    res.setHeader('RateLimit-Policy', `"${site ? 'api-site' : 'api'}"; q=${limit}; w=${MINUTE / 1000}`)
    res.setHeader('RateLimit', `"${site ? 'api-site' : 'api'}"; r=0; t=${resetSeconds}`)
    refuse(res, ERRORS.RATE_LIMITED)
    return false
  }

  return {
    countApiRequest,
    countApi,
    admits,
    countsWait: redis !== undefined,
    actions,
    handlers: [
      only((req) => req.path.startsWith(`${apiRoute}/`) && !isSiteOwnRequest(req.res?.locals ?? {}), api),
      only((req) => req.path.startsWith(`${apiRoute}/`) && isSiteOwnRequest(req.res?.locals ?? {}), siteApi),
      only((req) => req.path === `${apiRoute}/graphql`, graphql),
      only((req) => req.path === `${apiRoute}/search`, search),
    ],
  }
}
