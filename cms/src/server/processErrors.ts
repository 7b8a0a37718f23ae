/**
 * The process's policy for errors nothing caught: uncaught exceptions and unhandled rejections are
 * logged with the request ID of the request they happened in (an AsyncLocalStorage entered by the
 * requestId middleware), counted (`process_uncaught_errors_total{kind}` in /metrics), and that request,
 * if still unanswered, gets a 500 in the envelope: never a silent swallow, never a hang.
 *
 * Then:
 * - unhandledRejection: the process keeps serving. The promise's chain unwound normally (finally
 *   blocks ran, connections went back to the pool); only its error had no taker, typically a
 *   fire-and-forget task. Crashing every in-flight request for it would do more harm than good.
 * - uncaughtException: the process drains and exits 1 (`onUncaughtException`). An exception that
 *   reached the event loop skipped the cleanup of whatever it interrupted (a transaction, a lock, a
 *   half-updated cache), so the process's state can no longer be trusted (Node's own advice). Other
 *   requests finish within SHUTDOWN_TIMEOUT_MS, readiness turns 503 so the load balancer moves traffic
 *   to the other processes, and the supervisor (systemd, Docker, Kubernetes) starts a fresh one.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Response } from 'express'
import type { Logger } from 'pino'

import { ERRORS } from '@mspn/contract/errors'

import { refuse } from './errors'

export interface RequestContext {
  requestId: string
  res: Response
}

/** The request being served, wherever its work continues (callbacks, promises, timers). */
export const requestContext = new AsyncLocalStorage<RequestContext>()

export const PROCESS_ERROR_KINDS = ['uncaughtException', 'unhandledRejection'] as const
export type ProcessErrorKind = (typeof PROCESS_ERROR_KINDS)[number]

const counts: Record<ProcessErrorKind, number> = { uncaughtException: 0, unhandledRejection: 0 }

/** How many of each kind this process has seen (read by /metrics and by tests). */
export function processErrorCounts(): Record<ProcessErrorKind, number> {
  return { ...counts }
}

/** Answers the request an error belongs to, if nobody did: a 500 before headers, a cut connection after. */
export function answerFailedRequest(res: Response): void {
  if (res.writableEnded || res.destroyed) return
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.setHeader('Connection', 'close')
  refuse(res, ERRORS.INTERNAL)
}

export interface ProcessErrorOptions {
  logger: Logger
  /** Called after an uncaught exception was logged and its request answered (start.ts drains and exits). */
  onUncaughtException?: (error: unknown) => void
}

/** Installs the handlers; returns a function that removes them. */
export function installProcessErrorHandlers({ logger, onUncaughtException }: ProcessErrorOptions): () => void {
  const handle = (kind: ProcessErrorKind, error: unknown) => {
    counts[kind] += 1
    const context = requestContext.getStore()
    try {
      logger[kind === 'uncaughtException' ? 'fatal' : 'error'](
        { err: error, kind, requestId: context?.requestId },
        kind,
      )
      if (context) {
        // For the error report of that request's 500 (errorReporting.ts).
        context.res.locals.serverError ??= error
        answerFailedRequest(context.res)
      }
    } catch (failure) {
      // Logging or answering failed too: say so on stderr rather than throw from the handler (that would exit at once).
      process.stderr.write(
        `${kind} (then ${String(failure)}): ${error instanceof Error ? error.stack : String(error)}\n`,
      )
    }
    if (kind === 'uncaughtException') onUncaughtException?.(error)
  }
  const onException = (error: Error) => handle('uncaughtException', error)
  const onRejection = (reason: unknown) => handle('unhandledRejection', reason)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return () => {
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
  }
}
