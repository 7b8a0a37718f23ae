/**
 * Signing and verification for the CMS's cache-invalidation webhook, `POST /_cache/invalidate`:
 * the CMS signs (cms/src/server/siteRevalidator.ts), the site verifies (site/src/server/invalidate.ts).
 *
 * Protocol:
 * - Header: `X-MSPN-Signature: t=<unix seconds>,v1=<hex>`, where `<hex>` is the lowercase hex
 *   HMAC-SHA256, keyed with REVALIDATE_SECRET (at least 32 characters), of the UTF-8 string
 *   `${t}.${rawBody}`: the timestamp exactly as written in the header, a dot, and the request
 *   body exactly as received (verify before parsing; re-serialised JSON will not match).
 * - `t` is a canonical decimal integer (no sign, no leading zeros). It must lie within the
 *   tolerance (default 300 s) of the receiver's clock in either direction, inclusive; older is
 *   'stale', newer is 'future'. This bounds how long a captured request can be replayed.
 * - Several `v1=` entries may be sent while the secret is rotated (one per secret); the request
 *   is valid if any of them matches. Unknown keys (e.g. a later `v2=`) are ignored; every entry
 *   must still be `key=value`, `t` must appear exactly once and at least one `v1` is required.
 * - Signatures are compared in constant time. The signature is checked before the timestamp, so
 *   'stale' and 'future' are only reported for requests that were really signed with the
 *   secret (a replay or clock skew), and anything forged is a 'mismatch'.
 */
import { Buffer } from 'node:buffer'
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'X-MSPN-Signature'
export const MIN_SECRET_LENGTH = 32
export const DEFAULT_TOLERANCE_SECONDS = 300

/** Longer headers are refused unparsed; a legitimate one is well under 200 characters per secret. */
const MAX_HEADER_LENGTH = 2048
const TIMESTAMP = /^(?:0|[1-9]\d{0,14})$/
const ENTRY_KEY = /^[a-z][a-z0-9]*$/

export type VerifyResult =
  { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch' }

export interface VerifyOptions {
  /** The receiver's clock in unix seconds; defaults to the current time. */
  now?: number
  /** Largest accepted distance between `t` and `now`, in seconds. Default 300. */
  toleranceSeconds?: number
}

/** The `X-MSPN-Signature` header value for `body`, signed at `timestampSeconds` (default: now). */
export function signPayload(secret: string, body: string, timestampSeconds: number = nowSeconds()): string {
  assertSecret(secret)
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('signPayload: timestampSeconds must be a non-negative integer (unix seconds)')
  }
  const t = String(timestampSeconds)
  return `t=${t},v1=${hmacHex(secret, t, body)}`
}

/**
 * Checks an `X-MSPN-Signature` header against `body`. Never throws for anything about the
 * request; throws only for a too-short secret or nonsensical `options` (a NaN clock would
 * otherwise accept every timestamp).
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: VerifyOptions = {},
): VerifyResult {
  assertSecret(secret)
  const now = options.now ?? nowSeconds()
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  // NaN would make every window comparison false, i.e. accept any timestamp.
  if (!Number.isFinite(now)) throw new RangeError('verifySignature: options.now must be a finite number of seconds')
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError('verifySignature: options.toleranceSeconds must be a non-negative finite number')
  }
  if (typeof header !== 'string' || header.trim() === '') return { ok: false, reason: 'missing' }

  const parsed = parseHeader(header)
  if (parsed === null) return { ok: false, reason: 'malformed' }

  const expected = Buffer.from(hmacHex(secret, parsed.t, body), 'utf8')
  let matched = false
  for (const candidate of parsed.signatures) {
    // Every candidate is compared (no early exit), so timing does not reveal which one matched.
    if (constantTimeEqual(expected, Buffer.from(candidate.toLowerCase(), 'utf8'))) matched = true
  }
  if (!matched) return { ok: false, reason: 'mismatch' }

  const timestamp = Number(parsed.t)
  if (now - timestamp > tolerance) return { ok: false, reason: 'stale' }
  if (timestamp - now > tolerance) return { ok: false, reason: 'future' }
  return { ok: true, timestamp }
}

interface ParsedHeader {
  /** The timestamp as written, which is what was signed. */
  t: string
  signatures: string[]
}

function parseHeader(header: string): ParsedHeader | null {
  if (header.length > MAX_HEADER_LENGTH) return null
  let t: string | undefined
  const signatures: string[] = []
  for (const entry of header.split(',')) {
    const separator = entry.indexOf('=')
    if (separator <= 0) return null
    const key = entry.slice(0, separator).trim().toLowerCase()
    const value = entry.slice(separator + 1).trim()
    if (!ENTRY_KEY.test(key) || value === '') return null
    if (key === 't') {
      if (t !== undefined || !TIMESTAMP.test(value)) return null
      t = value
    } else if (key === 'v1') {
      signatures.push(value)
    }
  }
  if (t === undefined || signatures.length === 0) return null
  return { t, signatures }
}

function hmacHex(secret: string, t: string, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')
}

/** timingSafeEqual throws on different lengths; a different length is simply not equal. */
function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

function assertSecret(secret: unknown): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`REVALIDATE_SECRET must be a string of at least ${MIN_SECRET_LENGTH} characters`)
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
