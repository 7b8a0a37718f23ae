/**
 * Signed draft-preview tokens. An editor's Preview link carries one; the site checks it before
 * doing anything (a bad link costs the CMS nothing) and hands it back to the CMS
 * (`GET /api/v1/preview`, header `X-Preview-Token`), which checks it again and answers that one draft.
 *
 *   v1.<collection>.<document id>.<user id>.<expiry, unix seconds>.<signature>
 *   signature = base64url(HMAC-SHA256(PREVIEW_SECRET, "mspn-preview:v1:<collection>:<id>:<user>:<expiry>"))
 *
 * The token is scoped to one document of one previewable collection (or to one of the site's
 * globals: target `globals`, the global's slug as id), to the editor who asked for it (the draft is read with that user's access, so an author cannot preview someone else's draft
 * and a removed account's links stop working) and to a short lifetime. Any valid token also lets
 * the site read the editor's draft globals (`GET /api/v1/preview/globals/<slug>`), so every preview
 * shows the draft navigation, footer and settings around the draft. Only the CMS issues links;
 * the site signs in tests and tools only.
 */
import { Buffer } from 'node:buffer'
import { createHmac, timingSafeEqual } from 'node:crypto'

import { isPreviewableCollection, isPublicGlobal, type PreviewableCollection } from './collections'

export const PREVIEW_TOKEN_VERSION = 'v1'
/** The header the site sends the token back in (lower case, as fetch and Payload see it). */
export const PREVIEW_TOKEN_HEADER = 'x-preview-token'
/** How long a Preview link works. Live preview asks for a fresh one as the editor works. */
export const PREVIEW_TTL_SECONDS = 30 * 60
/** Expiries are rounded up to this step, so the live preview URL stays stable between autosaves. */
export const PREVIEW_EXPIRY_STEP_SECONDS = 5 * 60
/** Longer tokens are refused unparsed. */
const MAX_TOKEN_LENGTH = 512

/** The target of a preview of a global (navigation, footer, site settings) rather than a document. */
export const PREVIEW_GLOBALS_TARGET = 'globals'

/** What a token can name: a previewable collection, or the globals. */
export type PreviewTarget = PreviewableCollection | typeof PREVIEW_GLOBALS_TARGET

export interface PreviewScope {
  /** A previewable collection, or `globals` (then `id` is the global's slug). */
  collection: PreviewTarget
  id: string
  userId: string
  /** Unix seconds. */
  expiresAt: number
}

export type PreviewTokenProblem = 'MISSING' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED'

export type PreviewTokenCheck =
  { ok: true; scope: PreviewScope; token: string } | { ok: false; problem: PreviewTokenProblem }

const ID = /^[A-Za-z0-9_-]{1,64}$/

/** A previewable collection with a plausible id, or `globals` with a public global's slug. */
function validTarget(collection: string, id: string): collection is PreviewTarget {
  if (collection === PREVIEW_GLOBALS_TARGET) return isPublicGlobal(id)
  return isPreviewableCollection(collection) && ID.test(id)
}

function signature(secret: string, collection: string, id: string, userId: string, expiresAt: number): string {
  return createHmac('sha256', secret)
    .update(`mspn-preview:${PREVIEW_TOKEN_VERSION}:${collection}:${id}:${userId}:${expiresAt}`)
    .digest('base64url')
}

/** An expiry `ttl` seconds or a little more from `now`, rounded up to the step. */
export function previewExpiry(
  nowSeconds = Math.floor(Date.now() / 1000),
  ttl = PREVIEW_TTL_SECONDS,
  step = PREVIEW_EXPIRY_STEP_SECONDS,
): number {
  return Math.ceil((nowSeconds + ttl) / step) * step
}

/** Throws for a scope no verifier would accept (unknown collection, odd id, fractional expiry). */
export function signPreviewToken(secret: string, scope: PreviewScope): string {
  const id = String(scope.id)
  const userId = String(scope.userId)
  if (!validTarget(scope.collection, id) || !ID.test(userId) || !Number.isInteger(scope.expiresAt)) {
    throw new Error('preview token: invalid scope')
  }
  return [
    PREVIEW_TOKEN_VERSION,
    scope.collection,
    id,
    userId,
    scope.expiresAt,
    signature(secret, scope.collection, id, userId, scope.expiresAt),
  ].join('.')
}

/** Checks presence, shape, signature (constant time) and expiry, in that order. */
export function verifyPreviewToken(
  secret: string,
  token: unknown,
  nowSeconds = Math.floor(Date.now() / 1000),
): PreviewTokenCheck {
  if (token === null || token === undefined || token === '') return { ok: false, problem: 'MISSING' }
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'MALFORMED' }
  const parts = token.split('.')
  if (parts.length !== 6) return { ok: false, problem: 'MALFORMED' }
  const [version, collection, id, userId, expiry, given] = parts as [string, string, string, string, string, string]
  if (
    version !== PREVIEW_TOKEN_VERSION ||
    !validTarget(collection, id) ||
    !ID.test(userId) ||
    !/^\d{1,12}$/.test(expiry)
  ) {
    return { ok: false, problem: 'MALFORMED' }
  }
  const expiresAt = Number(expiry)
  const expected = Buffer.from(signature(secret, collection, id, userId, expiresAt))
  const received = Buffer.from(given)
  if (expected.length !== received.length || !timingSafeEqual(expected, received))
    return { ok: false, problem: 'BAD_SIGNATURE' }
  if (expiresAt <= nowSeconds) return { ok: false, problem: 'EXPIRED' }
  return { ok: true, scope: { collection, id, userId, expiresAt }, token }
}
