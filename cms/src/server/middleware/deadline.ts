/**
 * Every request is answered in bounded time. When the deadline passes and nothing was sent, the
 * client gets a 503 in the envelope (code TIMEOUT, with the request ID) and the connection is closed
 * after it (the handler may still be reading the body or working). The handler is not stopped: its late
 * writes find the response ended and are dropped (errors.ts ignores their failures).
 *
 * A response already under way (a media file streaming to a slow client) is not cut while it moves:
 * at the deadline it gets another period, and only a response that wrote nothing for a whole period is
 * destroyed. The timer is cleared when the response finishes or the connection closes, so a request
 * is never answered twice, and it is unref'd so it never holds a shutting-down process open.
 */
import type { Request, RequestHandler, Response } from 'express'

import { ERRORS } from '@mspn/contract/errors'

import { refuse } from '../errors'

export interface DeadlineOptions {
  timeoutMs: number
  /** Multipart uploads to upload collections: large bodies over slow links. */
  uploadTimeoutMs: number
  isUpload: (req: Request) => boolean
  /** Counts a deadline that fired (answered 503, or a stalled response cut). */
  onTimeout?: (req: Request, res: Response, outcome: 'answered' | 'destroyed') => void
}

export function deadline({ timeoutMs, uploadTimeoutMs, isUpload, onTimeout }: DeadlineOptions): RequestHandler {
  return (req, res, next) => {
    const period = isUpload(req) ? uploadTimeoutMs : timeoutMs
    let written = -1
    let timer: NodeJS.Timeout
    const arm = () => {
      timer = setTimeout(fire, period)
      timer.unref()
    }
    const fire = () => {
      if (res.writableEnded || res.destroyed) return
      if (!res.headersSent) {
        res.locals.timedOut = true
        res.setHeader('Connection', 'close')
        refuse(res, ERRORS.TIMEOUT)
        onTimeout?.(req, res, 'answered')
        return
      }
      const now = res.socket?.bytesWritten ?? 0
      if (now !== written) {
        written = now
        arm()
        return
      }
      onTimeout?.(req, res, 'destroyed')
      res.destroy()
    }
    // The cache's hit listener saw the deadline pass while it waited on the rate-limit store and
    // handed the request over: answer now, as the timer would have.
    if (res.locals.deadlinePassed === true) return fire()
    const clear = () => clearTimeout(timer)
    res.once('finish', clear)
    res.once('close', clear)
    arm()
    next()
  }
}
