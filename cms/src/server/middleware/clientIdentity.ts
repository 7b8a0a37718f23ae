/**
 * Who a request counts against. Every per-client budget (API, sign-in, contact, …) keys on
 * `res.locals.clientAddress`, and Payload's own hooks read the same value from the internal
 * `x-mspn-client-address` header set here (any value a caller sent under that name is dropped
 * first, so it can only ever come from this middleware).
 *
 * Today the address is Express's `req.ip` (which honours TRUST_PROXY) and `viaSite` is false.
 */
import type { RequestHandler } from 'express'

/** Internal: set by this middleware only, read by Payload hooks (operation-level limits). */
export const CLIENT_ADDRESS_HEADER = 'x-mspn-client-address'

export interface ClientIdentity {
  /** The address budgets key on. */
  clientAddress: string
  /** True when the request was made by the site's server on a visitor's behalf (signed). */
  viaSite: boolean
}

export function clientIdentity(): RequestHandler {
  return (req, res, next) => {
    delete req.headers[CLIENT_ADDRESS_HEADER]
    const identity: ClientIdentity = { clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown', viaSite: false }
    res.locals.clientAddress = identity.clientAddress
    res.locals.viaSite = identity.viaSite
    req.headers[CLIENT_ADDRESS_HEADER] = identity.clientAddress
    next()
  }
}

/** The client address a request was counted as, from Payload's (Fetch) headers; undefined for Local API calls. */
export function clientAddressOf(headers: Headers | undefined): string | undefined {
  const value = headers?.get(CLIENT_ADDRESS_HEADER)
  return value ? value : undefined
}
