/**
 * The site's one door to the CMS REST API. Every call gets a timeout, an X-Request-Id, one
 * log line per attempt, retries for "try later" failures, and a zod check of the answer, so
 * a page either gets data of the shape it declared or a typed CmsError it can act on.
 */
import type { z } from 'zod'

import { env } from '../env.ts'
import {
  CmsAbortedError,
  CmsError,
  CmsHttpError,
  CmsNetworkError,
  CmsTimeoutError,
  CmsValidationError,
} from './errors.ts'
import { toHttpError } from './envelope.ts'
import { defaultLogger, type CmsLogger } from './logger.ts'
import { SITE_IDENTITY_HEADER } from '@mspn/contract/site-identity'
import { toQueryString, type QueryParams } from './queryString.ts'
import { requestIdFor } from './requestId.ts'
import { DEFAULT_RETRY_TIMING, parseRetryAfter, sleep as defaultSleep, type RetryTiming, type Sleep } from './retry.ts'
import { retryDelayFor } from './retryPolicy.ts'
import { validate } from './validate.ts'

export interface CmsClientConfig {
  /** Origin of the CMS (a path prefix is kept), e.g. `http://127.0.0.1:3000`. */
  baseUrl: string
  /** Where the REST API is mounted. Default `/api/v1`. */
  apiPath?: string
  /** Limit for each attempt, body included. Default 5000. */
  timeoutMs?: number
  /** Extra attempts after the first for retryable failures. Default 2. */
  retries?: number
  /** Default: the global fetch. */
  fetch?: typeof globalThis.fetch
  /** Default: JSON lines on the console, silent when NODE_ENV=test. */
  logger?: CmsLogger
  retryTiming?: Partial<RetryTiming>
  /** Injectable so tests need not wait out real backoff delays. */
  sleep?: Sleep
  /** Jitter source in [0, 1). */
  random?: () => number
  /**
   * Makes the signed site-identity header (lib/siteIdentity.ts), called once per attempt so the
   * timestamp is fresh; unset, requests carry no identity.
   */
  identity?: (() => string) | undefined
}

export type HttpMethod = 'GET' | 'POST'

export interface RequestOptions {
  query?: QueryParams
  /** Cancels the call, including a pending retry wait. */
  signal?: AbortSignal
  /** Sent as X-Request-Id when the CMS would accept it (e.g. the page request's own ID). */
  requestId?: string
  /** Extra request headers (e.g. a draft-preview token); they never replace accept or x-request-id. */
  headers?: Record<string, string>
}

export interface CmsRequest<S extends z.ZodType> extends RequestOptions {
  method: HttpMethod
  /** Path under the API, e.g. `/posts` or `/globals/footer`. */
  path: string
  schema: S
  /** Sent as JSON. */
  body?: unknown
}

export interface CmsClient {
  readonly apiUrl: string
  request<S extends z.ZodType>(request: CmsRequest<S>): Promise<z.output<S>>
  get<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions): Promise<z.output<S>>
  post<S extends z.ZodType>(path: string, body: unknown, schema: S, options?: RequestOptions): Promise<z.output<S>>
}

interface Answer {
  status: number
  headers: Headers
  text: string
}

export function createCmsClient(config: CmsClientConfig): CmsClient {
  const base = new URL(config.baseUrl)
  const apiUrl = `${base.origin}${base.pathname.replace(/\/+$/, '')}${config.apiPath ?? '/api/v1'}`
  const timeoutMs = config.timeoutMs ?? 5000
  const retries = config.retries ?? 2
  const fetchImpl = config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const logger = config.logger ?? defaultLogger(env.NODE_ENV)
  const timing: RetryTiming = { ...DEFAULT_RETRY_TIMING, ...config.retryTiming }
  const sleep = config.sleep ?? defaultSleep
  const random = config.random ?? Math.random

  /** One fetch, body read included, under its own timeout and the caller's signal. */
  async function attemptOnce(url: string, init: RequestInit, requestId: string, signal?: AbortSignal): Promise<Answer> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onCallerAbort = () => controller.abort()
    signal?.addEventListener('abort', onCallerAbort, { once: true })
    try {
      const response = await fetchImpl(url, { ...init, signal: controller.signal })
      return { status: response.status, headers: response.headers, text: await response.text() }
    } catch (error) {
      if (signal?.aborted) throw aborted(requestId, signal)
      if (timedOut) {
        throw new CmsTimeoutError(`The CMS did not answer within ${timeoutMs} ms.`, {
          requestId,
          timeoutMs,
          cause: error,
        })
      }
      const code = systemErrorCode(error)
      throw new CmsNetworkError(`The CMS could not be reached${code ? ` (${code})` : ''}.`, {
        requestId,
        cause: error,
        ...(code ? { code } : {}),
      })
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  async function request<S extends z.ZodType>(call: CmsRequest<S>): Promise<z.output<S>> {
    const { method, path, schema, body, query, signal } = call
    const requestId = requestIdFor(call.requestId)
    const search = query ? toQueryString(query) : ''
    const url = `${apiUrl}${path}${search ? `?${search}` : ''}`
    const logPath = url.slice(base.origin.length)
    const headers: Record<string, string> = { ...call.headers, accept: 'application/json', 'x-request-id': requestId }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const init: RequestInit = { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw aborted(requestId, signal)
      if (config.identity) headers[SITE_IDENTITY_HEADER] = config.identity()
      const started = performance.now()
      const line = () => ({
        requestId,
        method,
        path: logPath,
        attempt: attempt + 1,
        durationMs: Math.round(performance.now() - started),
      })
      // attemptOnce throws only CmsErrors: network, timeout, or the caller's abort.
      const outcome = await attemptOnce(url, init, requestId, signal).catch((error: CmsError) => error)
      let failure: CmsHttpError | CmsNetworkError
      if (outcome instanceof CmsError) {
        logger.warn({ ...line(), error: outcome.name, message: outcome.message }, 'cms request failed')
        if (!(outcome instanceof CmsNetworkError)) throw outcome
        failure = outcome
      } else {
        const { status, text, headers } = outcome
        if (status < 500 && status !== 429) logger.info({ ...line(), status }, 'cms request')
        else logger.warn({ ...line(), status }, 'cms request')
        const context = `${method} ${path}`
        if (status >= 200 && status < 300)
          return validate(schema, parseJson(text, context, requestId), context, requestId)
        failure = toHttpError(status, text, requestId, parseRetryAfter(headers.get('retry-after')))
      }
      const delayMs = retryDelayFor(failure, { attempt, retries, idempotent: method === 'GET', timing, random })
      if (delayMs === undefined) throw failure
      logger.info({ requestId, method, path: logPath, delayMs, nextAttempt: attempt + 2 }, 'cms retry scheduled')
      try {
        await sleep(delayMs, signal)
      } catch {
        throw aborted(requestId, signal)
      }
    }
  }

  return {
    apiUrl,
    request,
    get: (path, schema, options = {}) => request({ ...options, method: 'GET', path, schema }),
    post: (path, body, schema, options = {}) => request({ ...options, method: 'POST', path, schema, body }),
  }
}

function aborted(requestId: string, signal?: AbortSignal): CmsAbortedError {
  return new CmsAbortedError('The CMS request was cancelled.', { requestId, cause: signal?.reason })
}

/** An empty body (204) reads as undefined, for the schema to accept or not; anything else must be JSON. */
function parseJson(text: string, context: string, requestId: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CmsValidationError(context, [{ path: '', message: 'expected a JSON body' }], { requestId, cause: error })
  }
}

/** `fetch failed` hides the useful part (ECONNREFUSED, …) in its cause chain. */
function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown[]; cause?: unknown }
    if (typeof code === 'string') return code
    current = cause ?? errors?.[0]
  }
  return undefined
}
