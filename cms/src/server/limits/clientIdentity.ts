/**
 * Who a request counts against. Every per-client budget (API, sign-in, contact, …) keys on
 * `res.locals.clientAddress`, and Payload's own hooks read the same value from the internal
 * `x-mspn-client-address` header set here (any value a caller sent under that name is dropped
 * first, so it can only ever come from this middleware).
 *
 * The address is Express's `req.ip` (which honours TRUST_PROXY), unless the request carries a
 * valid site identity (../siteIdentity.ts, keyed from REVALIDATE_SECRET): then `viaSite` is true
 * and the address is the visitor's the site signed, or SITE_CLIENT_ADDRESS for the site's own
 * reads. This needs no TRUST_PROXY: the signature, not the network position, is the proof.
 * A forged, expired or malformed identity is ignored (debug log) and the request is `req.ip`'s.
 */
import { isIP } from 'node:net'
import type { RequestHandler } from 'express'
import { ipKeyGenerator } from 'express-rate-limit'
import type { Logger } from 'pino'

import { SITE_IDENTITY_HEADER, siteIdentityKey, verifySiteIdentity } from '@mspn/contract/site-identity'

/** Internal: set by this middleware only, read by Payload hooks (operation-level limits). */
export const CLIENT_ADDRESS_HEADER = 'x-mspn-client-address'

/** The client address of the site's own reads (made for no visitor in particular). */
export const SITE_CLIENT_ADDRESS = 'site'

export interface ClientIdentity {
  /** The address budgets key on. */
  clientAddress: string
  /** True when the request was made by the site's server on a visitor's behalf (signed). */
  viaSite: boolean
}

export interface ClientIdentityOptions {
  /** REVALIDATE_SECRET; unset, there is no site identity and every request is `req.ip`'s. */
  siteSecret?: string
  logger?: Pick<Logger, 'debug'>
  /** Clock in unix seconds; injectable for tests. */
  now?: () => number
}

/**
 * The identity of a request from its headers and its `req.ip`, without changing the request;
 * `rejected` names why a site identity it carried was ignored. Shared by the middleware below and
 * the cache's hit listener (publicReads/hitListener.ts), which answers hits before Express.
 */
export function identityOf(
  key: Buffer | undefined,
  header: string | string[] | undefined,
  ip: string,
  now?: () => number,
): { identity: ClientIdentity; rejected?: string } {
  const identity: ClientIdentity = { clientAddress: ip, viaSite: false }
  if (header === undefined) return { identity }
  const result = key ? verifySiteIdentity(key, header, now?.()) : ({ ok: false, reason: 'no site secret' } as const)
  if (!result.ok) return { identity, rejected: result.reason }
  identity.viaSite = true
  identity.clientAddress = result.visitorAddress ?? SITE_CLIENT_ADDRESS
  return { identity }
}

/** The key site identities are checked with; undefined without REVALIDATE_SECRET. */
export const siteKeyOf = (siteSecret: string | undefined) => (siteSecret ? siteIdentityKey(siteSecret) : undefined)

export function clientIdentity({ siteSecret, logger, now }: ClientIdentityOptions = {}): RequestHandler {
  const key = siteKeyOf(siteSecret)
  return (req, res, next) => {
    delete req.headers[CLIENT_ADDRESS_HEADER]
    const header = req.headers[SITE_IDENTITY_HEADER]
    const { identity, rejected } = identityOf(key, header, req.ip ?? req.socket.remoteAddress ?? 'unknown', now)
    if (header !== undefined) {
      // Payload never needs it, and nothing downstream should mistake it for proof.
      delete req.headers[SITE_IDENTITY_HEADER]
      if (rejected)
        logger?.debug(
          { requestId: res.locals.requestId, reason: rejected, ip: identity.clientAddress },
          'site identity ignored',
        )
    }
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

/** True for the site's own reads (signed, on no visitor's behalf): they have their own, larger budget. */
export function isSiteOwnRequest(locals: Record<string, unknown>): boolean {
  return locals.viaSite === true && locals.clientAddress === SITE_CLIENT_ADDRESS
}

/**
 * The counter key for a client address, the same for every budget (middleware or Payload hook):
 * IPv6 addresses grouped by /56 as express-rate-limit does, anything else (the site's own key) as is.
 */
export function counterKey(address: string): string {
  return isIP(address) !== 0 ? ipKeyGenerator(address) : address
}
