/**
 * Marks responses of a route as deprecated (RFC 9745 `Deprecation`, RFC 8594 `Sunset`) with a link
 * to what replaces it. Use it when a v1 route is superseded, before removing it in v2.
 */
import type { RequestHandler } from 'express'

export interface DeprecationOptions {
  /** When the route was deprecated. */
  since: Date
  /** When it stops working. */
  sunset?: Date
  /** Where to read about the replacement. */
  link?: string
}

export function deprecated({ since, sunset, link }: DeprecationOptions): RequestHandler {
  const deprecation = `@${Math.floor(since.getTime() / 1000)}`
  return (_req, res, next) => {
    res.setHeader('Deprecation', deprecation)
    if (sunset) res.setHeader('Sunset', sunset.toUTCString())
    if (link) res.append('Link', `<${link}>; rel="deprecation"; type="text/html"`)
    next()
  }
}
