/**
 * Server-side error reports (SENTRY_DSN): every response with status >= 500 becomes one event sent to
 * Sentry's envelope endpoint, naming the request ID, method, route template and status, plus the error
 * that caused it when one was caught (Express's error handler or Payload's afterError hook leave it in
 * `res.locals.serverError`).
 *
 * What is never sent: headers, cookies, query strings, bodies, users, IP addresses, the concrete path
 * (only its route template, so `/users/42` stays `/users/:id`). Error messages go through `scrub`, which
 * masks email addresses, tokens and long secrets.
 *
 * Why not @sentry/node: its v10 SDK instruments through OpenTelemetry and must be loaded before Express
 * and everything else (`node --import` of an instrument file, ESM loader hooks) to see requests, which
 * fights our tsx entry points and test harness, and it collects request data by default that we would
 * then have to strip again. The envelope protocol is one authenticated POST of three JSON lines, so this
 * small client (no dependency, bounded, fire-and-forget) sends exactly the fields listed above.
 */
import { randomUUID } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'

export interface ParsedDsn {
  /** Where envelopes go: `<origin><path>/api/<project>/envelope/`. */
  endpoint: string
  publicKey: string
  dsn: string
}

/** Reads a Sentry DSN (`https://<key>@<host>[/<path>]/<project>`); null when it is not one. */
export function parseDsn(dsn: string): ParsedDsn | null {
  let url: URL
  try {
    url = new URL(dsn)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  const segments = url.pathname.split('/').filter(Boolean)
  const project = segments.pop()
  if (!url.username || !project || !/^\w+$/.test(project)) return null
  const prefix = segments.length > 0 ? `/${segments.join('/')}` : ''
  return { endpoint: `${url.origin}${prefix}/api/${project}/envelope/`, publicKey: url.username, dsn }
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g
const BEARER = /\b(Bearer|JWT|Basic|[\w-]+ API-Key)\s+[\w.~+/=-]+/gi
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g
const LONG_SECRET = /\b[A-Za-z0-9+/_=-]{32,}\b/g
const KEY_VALUE = /\b(password|passwd|secret|token|api[-_]?key|authorization|cookie)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi

/** Masks what could be personal data or a credential in a message. */
export function scrub(text: string): string {
  return text
    .replace(KEY_VALUE, (_match, key: string, separator: string) => `${key}${separator}[Filtered]`)
    .replace(BEARER, (match) => `${match.split(/\s+/)[0]} [Filtered]`)
    .replace(JWT, '[Filtered]')
    .replace(EMAIL, '[email]')
    .replace(LONG_SECRET, '[Filtered]')
}

interface StackFrame {
  function?: string
  filename?: string
  lineno?: number
  colno?: number
  in_app?: boolean
}

/** V8 stack lines to Sentry frames (oldest first, as Sentry expects). */
function framesOf(stack: string | undefined): StackFrame[] {
  if (!stack) return []
  const frames: StackFrame[] = []
  for (const line of stack.split('\n').slice(1, 51)) {
    const match = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line)
    if (!match) continue
    const filename = match[2].replace(/^file:\/\//, '')
    frames.push({
      function: match[1] ? scrub(match[1]) : '<anonymous>',
      filename,
      lineno: Number(match[3]),
      colno: Number(match[4]),
      in_app: !filename.includes('node_modules') && !filename.startsWith('node:'),
    })
  }
  return frames.reverse()
}

export interface ReportedRequest {
  requestId?: string
  method: string
  route: string
  status: number
  error?: unknown
}

export interface ErrorReporterOptions {
  dsn: ParsedDsn
  environment: string
  release?: string
  logger: Logger
  /** Reports sent at once; beyond it, new reports are dropped (a 5xx storm must not pile up memory). */
  maxPending?: number
  timeoutMs?: number
}

export interface ErrorReporter {
  report: (request: ReportedRequest) => void
  /** Reports every 5xx response of the app it is mounted in. */
  middleware: (label: (path: string) => string) => RequestHandler
  /** Resolves once every report under way has been sent (or failed). */
  flush: () => Promise<void>
}

/** The event Sentry receives for one failed request. */
export function eventFor(request: ReportedRequest, environment: string, release?: string): Record<string, unknown> {
  const error = request.error instanceof Error ? request.error : undefined
  const title = `${request.method} ${request.route}`
  return {
    event_id: randomUUID().replaceAll('-', ''),
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    logger: 'mspn-cms',
    environment,
    ...(release ? { release } : {}),
    transaction: title,
    tags: {
      request_id: request.requestId ?? 'none',
      route: request.route,
      method: request.method,
      status: String(request.status),
    },
    // Only the method and route template: no URL, query, headers, cookies, body or client address.
    request: { method: request.method, url: request.route },
    ...(error
      ? {
          exception: {
            values: [
              {
                type: error.name || 'Error',
                value: scrub(error.message),
                stacktrace: { frames: framesOf(error.stack) },
              },
            ],
          },
        }
      : { message: { formatted: `${title} answered ${request.status}` } }),
  }
}

export function createErrorReporter({
  dsn,
  environment,
  release,
  logger,
  maxPending = 20,
  timeoutMs = 5000,
}: ErrorReporterOptions): ErrorReporter {
  const pending = new Set<Promise<void>>()
  let warned = false

  const send = async (event: Record<string, unknown>) => {
    const header = { event_id: event.event_id, sent_at: new Date().toISOString(), dsn: dsn.dsn }
    const body = `${JSON.stringify(header)}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`
    try {
      const response = await fetch(dsn.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-sentry-envelope',
          'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${dsn.publicKey}, sentry_client=mspn-cms/1`,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      if (!response.ok) throw new Error(`answered ${response.status}`)
      warned = false
    } catch (error) {
      // Once per outage: the error service being down must not flood the logs it would have helped with.
      if (!warned) logger.warn({ err: error }, 'error report could not be sent')
      warned = true
    }
  }

  const report = (request: ReportedRequest) => {
    if (pending.size >= maxPending) return
    const task = send(eventFor(request, environment, release)).finally(() => pending.delete(task))
    pending.add(task)
  }

  return {
    report,
    middleware: (label) => (req: Request, res: Response, next) => {
      res.once('close', () => {
        if (res.statusCode < 500) return
        report({
          requestId: res.locals.requestId as string | undefined,
          method: req.method,
          route: label(req.path),
          status: res.statusCode,
          error: res.locals.serverError,
        })
      })
      next()
    },
    flush: async () => {
      await Promise.all([...pending])
    },
  }
}
