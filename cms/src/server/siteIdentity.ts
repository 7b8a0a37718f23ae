/**
 * The site's signed identity: how the site's server proves a request to the CMS is its own
 * (and, when made for a visitor, whose). The site signs, this side verifies; the format is
 * mirrored in site/src/lib/siteIdentity.ts and both test the same vector.
 *
 * - Key: HMAC-SHA256(REVALIDATE_SECRET, 'mspn site-identity v1'), so a site-identity signature
 *   can never be mistaken for a webhook signature made with the same secret.
 * - Header: `X-MSPN-Site: t=<unix seconds>,a=<visitor IP>,v1=<hex>`; `a=` is empty for the
 *   site's own reads. `<hex>` is HMAC-SHA256(key, `${t}.${a}`), lowercase.
 * - `t` must be within TOLERANCE_SECONDS of this clock (either way), which bounds replay of a
 *   captured header; `a` must be an IP address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

export const SITE_IDENTITY_HEADER = 'x-mspn-site'
export const SITE_IDENTITY_CONTEXT = 'mspn site-identity v1'
export const SITE_IDENTITY_TOLERANCE_SECONDS = 60
const MAX_HEADER_LENGTH = 256
const FORMAT = /^t=(0|[1-9]\d{0,14}),a=([0-9A-Fa-f.:]{0,45}),v1=([0-9a-f]{64})$/

export type SiteIdentityResult =
  | { ok: true; visitorAddress?: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'expired' }

export function siteIdentityKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(SITE_IDENTITY_CONTEXT).digest()
}

function mac(key: Buffer, t: string, address: string): string {
  return createHmac('sha256', key).update(`${t}.${address}`).digest('hex')
}

/** The header value (used by tests here; the site has its own signer). */
export function signSiteIdentity(key: Buffer, visitorAddress = '', nowSeconds = Math.floor(Date.now() / 1000)): string {
  const t = String(nowSeconds)
  return `t=${t},a=${visitorAddress},v1=${mac(key, t, visitorAddress)}`
}

/** Never throws for anything about the request. The signature is checked before the clock. */
export function verifySiteIdentity(
  key: Buffer,
  header: string | string[] | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
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
