/**
 * The site's signed identity towards the CMS: how the site's server proves a request is its own
 * and, when made for a visitor, whose. The site signs (site/src/cms/client.ts), the CMS verifies
 * (cms/src/server/limits/clientIdentity.ts). It lets the CMS give the site's own reads a
 * budget sized for a site and count a visitor's requests (the contact form) against that
 * visitor's address, without trusting X-Forwarded-For from whoever can reach it.
 *
 * - Key: HMAC-SHA256(REVALIDATE_SECRET, 'mspn site-identity v1'): purpose-specific, so it never
 *   signs anything the webhook key (./signature.ts, keyed with the raw secret) would accept.
 * - Header: `X-MSPN-Site: t=<unix seconds>,a=<visitor IP or empty>,v1=<hex>`, where `<hex>` is
 *   the lowercase HMAC-SHA256(key, `${t}.${a}`); `a=` is empty for the site's own reads.
 * - `t` must be within SITE_IDENTITY_TOLERANCE_SECONDS of the receiver's clock either way, which
 *   bounds replay of a captured header; the signer makes a fresh header per attempt.
 */
import { Buffer } from 'node:buffer'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

export const SITE_IDENTITY_HEADER = 'x-mspn-site'
export const SITE_IDENTITY_CONTEXT = 'mspn site-identity v1'
export const SITE_IDENTITY_TOLERANCE_SECONDS = 60
const MAX_HEADER_LENGTH = 256
const FORMAT = /^t=(0|[1-9]\d{0,14}),a=([0-9A-Fa-f.:]{0,45}),v1=([0-9a-f]{64})$/

export type SiteIdentityResult =
  { ok: true; visitorAddress?: string } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'expired' }

export function siteIdentityKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(SITE_IDENTITY_CONTEXT).digest()
}

function mac(key: Buffer, t: string, address: string): string {
  return createHmac('sha256', key).update(`${t}.${address}`).digest('hex')
}

/** The header value; an address that is not an IP is left out (the read is then the site's own). */
export function signSiteIdentity(
  key: Buffer,
  visitorAddress?: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): string {
  const address = visitorAddress !== undefined && isIP(visitorAddress) !== 0 ? visitorAddress : ''
  const t = String(nowSeconds)
  return `t=${t},a=${address},v1=${mac(key, t, address)}`
}

/** A signer bound to one secret (and visitor); undefined without a secret: no identity at all. */
export function siteIdentitySigner(secret: string | undefined, visitorAddress?: string): (() => string) | undefined {
  if (secret === undefined) return undefined
  const key = siteIdentityKey(secret)
  return () => signSiteIdentity(key, visitorAddress)
}

/** Never throws for anything about the request. The signature is checked before the clock. */
export function verifySiteIdentity(
  key: Buffer,
  header: string | string[] | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SiteIdentityResult {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' }
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return { ok: false, reason: 'malformed' }
  const match = FORMAT.exec(header)
  if (!match) return { ok: false, reason: 'malformed' }
  const [, t, address, signature] = match as unknown as [string, string, string, string]
  if (address !== '' && isIP(address) === 0) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(mac(key, t, address), 'utf8')
  if (!timingSafeEqual(expected, Buffer.from(signature, 'utf8'))) return { ok: false, reason: 'mismatch' }
  if (Math.abs(nowSeconds - Number(t)) > SITE_IDENTITY_TOLERANCE_SECONDS) return { ok: false, reason: 'expired' }
  return address === '' ? { ok: true } : { ok: true, visitorAddress: address }
}
