/**
 * Converts between Express (Node) requests/responses and the Web Fetch `Request`/`Response`
 * that Payload's framework-agnostic handlers speak.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

/** The absolute URL of an incoming Express request. */
export function requestUrl(req: ExpressRequest): URL {
  return new URL(req.originalUrl, `${req.protocol || 'http'}://${req.get('host') ?? 'localhost'}`)
}

/**
 * Builds a Fetch Request for an incoming Express request (at `url`, by default its own); its body
 * streams, unread, unless already buffered.
 */
export function toWebRequest(req: ExpressRequest, bufferedBody?: Buffer, url: URL = requestUrl(req)): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    // A buffered (possibly rewritten) body gets its length from the Request itself.
    if (bufferedBody && (name === 'content-length' || name === 'transfer-encoding')) continue
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, value)
  }
  const controller = new AbortController()
  req.once('close', () => {
    if (!req.complete) controller.abort()
  })
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(url, {
    // Payload's endpoints answer GET only; a HEAD is answered as a GET whose body is not sent.
    method: req.method === 'HEAD' ? 'GET' : req.method,
    headers,
    body: !hasBody
      ? undefined
      : bufferedBody
        ? new Uint8Array(bufferedBody)
        : (Readable.toWeb(req) as unknown as BodyInit),
    duplex: 'half',
    signal: controller.signal,
  } as RequestInit)
}

/** Copies status and headers (each Set-Cookie apart) of a Fetch Response onto Express. */
export function copyHead(res: ExpressResponse, response: Pick<Response, 'status' | 'headers'>): void {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name === 'vary') res.append(name, value)
    else if (name !== 'set-cookie' && name !== 'content-length') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
}

/** True for bodies small and textual enough to read whole (JSON, text), rather than stream; CSV exports stream. */
export function isTextual(response: Pick<Response, 'headers'>): boolean {
  const type = response.headers.get('content-type') ?? ''
  return type.includes('json') || (type.startsWith('text/') && !type.startsWith('text/csv'))
}

/** Streams a Fetch Response body (files, media) to Express. */
export async function streamBody(res: ExpressResponse, response: Response, head = false): Promise<void> {
  const length = response.headers.get('content-length')
  if (length) res.setHeader('content-length', length)
  if (!response.body || head) {
    await response.body?.cancel()
    res.end()
    return
  }
  await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream), res)
}
