/**
 * Converts between Express (Node) requests/responses and the Web Fetch `Request`/`Response`
 * that Payload's framework-agnostic handlers speak.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

/** Builds a Fetch Request for an incoming Express request; its body streams, unread. */
export function toWebRequest(req: ExpressRequest): Request {
  const protocol = req.protocol || 'http'
  const host = req.get('host') ?? 'localhost'
  const url = new URL(req.originalUrl, `${protocol}://${host}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, value)
  }
  const controller = new AbortController()
  req.once('close', () => {
    if (!req.complete) controller.abort()
  })
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as unknown as BodyInit) : undefined,
    duplex: 'half',
    signal: controller.signal,
  } as RequestInit)
}

/** Writes a Fetch Response to Express: status, every header (each Set-Cookie apart) and body. */
export async function sendWebResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (!response.body) {
    res.end()
    return
  }
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json') || type.startsWith('text/')) {
    // Small API bodies: one write is cheaper than a stream.
    res.end(Buffer.from(await response.arrayBuffer()))
    return
  }
  await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream), res)
}
