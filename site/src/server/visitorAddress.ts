/**
 * Which address a request is the visitor's: what the site's own budgets key on and what it
 * signs for the CMS. By default the socket's (Astro's `clientAddress`): X-Forwarded-For is the
 * caller's to write. With SITE_TRUST_PROXY=n, the site sits behind n proxies that each append
 * the address they saw, so the visitor is the n-th address from the right of [XFF…, socket]
 * (as Express's `trust proxy` hop count).
 */
import { isIP } from 'node:net'

/** IPv4 clients of a dual-stack socket show as `::ffff:a.b.c.d`: one visitor, one key. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  return mapped ? mapped[1]! : address
}

export function visitorAddress(
  socketAddress: string | undefined,
  forwardedFor: string | null,
  trustedHops: number,
): string | undefined {
  const chain = [
    ...(trustedHops > 0 && forwardedFor ? forwardedFor.split(',').map((part) => part.trim()) : []),
    socketAddress ?? '',
  ]
  const candidate = chain[Math.max(0, chain.length - 1 - trustedHops)] ?? ''
  if (isIP(candidate) !== 0) return normaliseAddress(candidate)
  // A proxy chain shorter than configured (or junk in it): fall back to the socket.
  return socketAddress !== undefined && isIP(socketAddress) !== 0 ? normaliseAddress(socketAddress) : undefined
}

/** Astro's `clientAddress` is a getter that throws when the adapter cannot tell. */
export function socketAddressOf(context: { clientAddress: string }): string | undefined {
  try {
    return context.clientAddress
  } catch {
    return undefined
  }
}
