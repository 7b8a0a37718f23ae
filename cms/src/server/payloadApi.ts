/**
 * Payload's REST and GraphQL handlers mounted straight on Express. They are plain
 * `Request → Response` functions, so the API needs no Next.js routing at all: faster reads,
 * and the API runs (and is tested) without a Next build. Error bodies are rewritten into the
 * project's envelope; cacheable 200s are handed to the response cache.
 */
import { Router, type NextFunction, type Request, type Response } from 'express'
import { handleEndpoints, type SanitizedConfig } from 'payload'

import { ERRORS, isErrorCode, type ErrorCode } from '@mspn/contract/errors'

import type { ResponseCache } from './publicReads/cache'
import type { FastRead } from './publicReads/fastRead'
import { codeForStatus, errorBody, errorForStatus, errorItem, normalizePayloadError, requestIdOf } from './errors'
import { checkGraphqlRequest } from './guards/graphqlGuard'
import type { PublicReadClassifier } from './publicReads/classify'
import type { ReadCoalescer, SharedAnswer } from './publicReads/readCoalescing'
import { copyHead, isTextual, streamBody, toWebRequest } from './webBridge'

export interface PayloadApiOptions {
  config: SanitizedConfig
  /** Serve the GraphQL playground (development only). */
  playground: boolean
  cache?: ResponseCache
  /** Identical anonymous reads in flight share one Payload answer (see readCoalescing.ts). */
  coalescing?: { coalescer: ReadCoalescer; classify: PublicReadClassifier }
  /** Anonymous list reads assembled from document projections, byte-identical to Payload's (see fastRead.ts). */
  fastRead?: FastRead
  /** Deepest nesting of a GraphQL document (BODY_MAX_DEPTH). */
  maxDepth: number
}

type WebHandler = (request: globalThis.Request) => Promise<globalThis.Response>
/** An answer to send: Payload's Fetch Response, or one read whole (SharedAnswer). */
type Answer = globalThis.Response | SharedAnswer

export function payloadApi({ config, playground, cache, coalescing, fastRead, maxDepth }: PayloadApiOptions): Router {
  const router = Router()
  const api = config.routes.api
  // Payload's GraphQL handlers come from @payloadcms/next/routes, which loads date-fns and parts of
  // the admin UI: imported on the first GraphQL request, so processes that serve REST alone (the
  // site's reads) never carry them.
  let handlers: Promise<{ post: WebHandler; playground: WebHandler }> | undefined
  const graphqlHandlers = () =>
    (handlers ??= import('@payloadcms/next/routes').then(
      (routes) => ({
        post: routes.GRAPHQL_POST(Promise.resolve(config)),
        playground: routes.GRAPHQL_PLAYGROUND_GET(Promise.resolve(config)),
      }),
      (error: unknown) => {
        handlers = undefined // a failed import is tried again by the next request, not remembered
        throw error
      },
    ))
  const graphql: WebHandler = async (request) => (await graphqlHandlers()).post(request)
  const playgroundHandler: WebHandler = async (request) => (await graphqlHandlers()).playground(request)
  const rest: WebHandler = (request) => handleEndpoints({ config, request })

  /** Sends Payload's answer: a Fetch Response, or one already read whole (shared by coalesced reads, or the fast read's). */
  async function respond(req: Request, res: Response, response: Answer, envelope: boolean): Promise<void> {
    copyHead(res, response)
    if (response.status >= 400 && !isTextual(response)) {
      // An error without a readable body (e.g. Payload's bare 415): still one of ours.
      res.setHeader('content-type', 'application/json; charset=utf-8')
      const errors = [errorItem(errorForStatus(response.status))]
      res.end(JSON.stringify(errorBody(res, errors)))
      return
    }
    const read = !(response instanceof globalThis.Response)
    if (!isTextual(response)) {
      if (!read) return streamBody(res, response, req.method === 'HEAD')
      const length = response.headers.get('content-length')
      if (length) res.setHeader('content-length', length)
      res.end(req.method === 'HEAD' ? undefined : response.body)
      return
    }
    let body: Buffer = read ? response.body : Buffer.from(await response.arrayBuffer())
    const type = response.headers.get('content-type') ?? 'application/json'
    if (envelope && response.status === 501) {
      // Payload's answer for a collection whose REST endpoints are switched off: for us, no such route.
      res.status(404).setHeader('content-type', 'application/json; charset=utf-8')
      res.end(JSON.stringify(errorBody(res, [errorItem(ERRORS.NOT_FOUND, `No route for ${req.method} ${req.path}`)])))
      return
    }
    if (envelope && response.status >= 400) {
      let parsed: unknown
      try {
        parsed = JSON.parse(body.toString('utf8'))
      } catch {
        parsed = { message: body.toString('utf8').slice(0, 200) }
      }
      res.setHeader('content-type', 'application/json; charset=utf-8')
      body = Buffer.from(
        JSON.stringify(
          errorBody(res, withUploadField(req, response.status, normalizePayloadError(response.status, parsed))),
        ),
      )
    } else if (!envelope && type.includes('json')) {
      body = graphqlEnvelope(res, body)
    } else if (cache && response.status === 200 && type.includes('json')) {
      const headers = cache.store(res, body, type)
      for (const [name, value] of Object.entries(headers)) {
        if (name === 'Vary') res.append(name, value)
        else res.setHeader(name, value)
      }
      if (headers.ETag && req.headers['if-none-match'] === headers.ETag) {
        res.status(304).end()
        return
      }
    }
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  /** Payload's answer for a public read, run once for every identical request in flight. */
  async function sharedRead(key: string, coalescer: ReadCoalescer, produce: () => Promise<Answer>): Promise<Answer> {
    const { answer, joined } = await coalescer.run(key, async () => {
      const response = await produce()
      if (!(response instanceof globalThis.Response)) return response
      const body = NULL_BODY_STATUSES.has(response.status) ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer())
      return { status: response.status, headers: response.headers, body }
    })
    if (!joined || !answer.headers.has('set-cookie')) return answer
    // Requests that joined never get its cookies.
    const headers = new Headers(answer.headers)
    headers.delete('set-cookie')
    return { ...answer, headers }
  }

  const run = (handler: WebHandler, envelope: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const read = coalescing && handler === rest && req.method === 'GET' ? coalescing.classify(req) : null
      const viaPayload = () => handler(toWebRequest(req, res.locals.replayBody as Buffer | undefined))
      // The fast list read answers what it can; everything else (and anything it declines) is Payload's.
      const produce: () => Promise<Answer> =
        fastRead && handler === rest ? async () => (await fastRead.answer(req)) ?? (await viaPayload()) : viaPayload
      const response = read ? await sharedRead(read.key, coalescing!.coalescer, produce) : await produce()
      await respond(req, res, response, envelope)
    } catch (error) {
      next(error)
    }
  }

  // GraphQL keeps its own error format (errors[] with extensions), as clients expect, plus our code and requestId.
  router.post(`${api}${config.routes.graphQL}`, (req, res, next) => {
    const problem = checkGraphqlRequest(res.locals.json, maxDepth)
    if (!problem) return next()
    res.status(ERRORS[problem.code].status).json({
      errors: [{ message: problem.message, code: problem.code, extensions: { code: problem.code } }],
      requestId: requestIdOf(res),
    })
  })
  router.post(`${api}${config.routes.graphQL}`, run(graphql, false))
  if (playground) router.get(`${api}${config.routes.graphQLPlayground}`, run(playgroundHandler, false))
  router.all(`${api}/{*rest}`, run(rest, true))
  router.all(api, run(rest, true))
  return router
}

/**
 * GraphQL answers keep their format; refused requests also carry our `code` on each error and the
 * `requestId`. A request that never ran (bad variables, unknown operation: errors and no data) is a 400,
 * whatever status Payload gave it; errors beside data (a forbidden field) stay a 200, as GraphQL has it,
 * except a budget's refusal: any RATE_LIMITED error makes the answer a 429, as over REST (Retry-After
 * comes from the hook that refused, see actionLimits.ts), and an unreachable counter a 503. Errors of ours (429, SPAM_SUSPECTED,
 * TOO_FAST…) carry their code in `extensions.code` too.
 */
function graphqlEnvelope(res: Response, body: Buffer): Buffer {
  let parsed: { data?: unknown; errors?: GraphqlError[] }
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return body
  }
  const notRun =
    Array.isArray(parsed.errors) && parsed.errors.length > 0 && (parsed.data === undefined || parsed.data === null)
  const own = Array.isArray(parsed.errors) ? parsed.errors.map(ownCode) : []
  if (own.includes(ERRORS.RATE_LIMITED.code)) res.status(ERRORS.RATE_LIMITED.status)
  // A budget's counter that cannot be reached (REDIS_FAILURE_MODE=closed): as over REST.
  else if (own.includes(ERRORS.UNAVAILABLE.code)) res.status(ERRORS.UNAVAILABLE.status)
  if (res.statusCode < 400 && !notRun && !own.some(Boolean)) return body
  if (res.statusCode < 400 && notRun) res.status(400)
  const fallback =
    res.statusCode === 400 && notRun ? ERRORS.GRAPHQL_VALIDATION_FAILED.code : codeForStatus(res.statusCode)
  const errors = (
    Array.isArray(parsed.errors) && parsed.errors.length > 0 ? parsed.errors : [{ message: 'Request failed.' }]
  ).map((error, index) => {
    const mine = own[index]
    return {
      ...error,
      message: typeof error.message === 'string' && error.message ? error.message : 'Request failed.',
      code: mine ?? (typeof error.extensions?.code === 'string' ? error.extensions.code : fallback),
      ...(mine ? { extensions: { ...error.extensions, code: mine } } : {}),
    }
  })
  return Buffer.from(JSON.stringify({ ...parsed, errors, requestId: requestIdOf(res) }))
}

interface GraphqlError {
  message?: unknown
  code?: unknown
  extensions?: { code?: unknown; statusCode?: unknown; data?: { code?: unknown } | null }
}

/** The code one of our errors named (actionLimits.ts: RateLimitedError, CodedError), if any. */
function ownCode(error: GraphqlError): ErrorCode | undefined {
  const code = error.extensions?.data?.code
  if (isErrorCode(code)) return code
  return error.extensions?.statusCode === ERRORS.RATE_LIMITED.status ? ERRORS.RATE_LIMITED.code : undefined
}

/** Statuses whose answer has no body (a Fetch Response refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

/** A multipart request's 413 comes from the file size limit: it names the `file` field. */
function withUploadField<T extends { field?: string }>(req: Request, status: number, errors: T[]): T[] {
  if (status !== 413 || !/^multipart\//i.test(req.headers['content-type'] ?? '')) return errors
  return errors.map((error) => ({ ...error, field: error.field ?? 'file' }))
}
