/**
 * Signed draft-preview tokens. An editor's Preview link carries one; the site checks it and hands
 * it back to the CMS (`GET /api/v1/preview`), which checks it again and answers that one draft.
 *
 *   v1.<collection>.<document id>.<user id>.<expiry, unix seconds>.<signature>
 *   signature = base64url(HMAC-SHA256(PREVIEW_SECRET, "mspn-preview:v1:<collection>:<id>:<user>:<expiry>"))
 *
 * The token is scoped to one document of one collection, to the editor who asked for it (the
 * draft is read with that user's access, so an author cannot preview someone else's draft and a
 * removed account's links stop working) and to a short lifetime. The site has its own copy of
 * the check (site/src/lib/previewToken.ts); both are tested against the same vector.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const PREVIEW_TOKEN_VERSION = 'v1'
/** How long a Preview link works. Live preview asks for a fresh one as the editor works. */
export const PREVIEW_TTL_SECONDS = 30 * 60
/** Expiries are rounded up to this step, so the live preview URL stays stable between autosaves. */
export const PREVIEW_EXPIRY_STEP_SECONDS = 5 * 60

/** Collections an editor can preview on the site. */
export const PREVIEWABLE_COLLECTIONS = ['pages', 'posts', 'projects', 'services', 'demos'] as const
export type PreviewableCollection = (typeof PREVIEWABLE_COLLECTIONS)[number]

export interface PreviewScope {
  collection: PreviewableCollection
  id: string
  userId: string
  /** Unix seconds. */
  expiresAt: number
}

export type PreviewTokenProblem = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED'

export type PreviewTokenCheck = { ok: true; scope: PreviewScope } | { ok: false; problem: PreviewTokenProblem }

const ID = /^[A-Za-z0-9_-]{1,64}$/

export function isPreviewableCollection(slug: unknown): slug is PreviewableCollection {
  return typeof slug === 'string' && (PREVIEWABLE_COLLECTIONS as readonly string[]).includes(slug)
}

function signature(secret: string, collection: string, id: string, userId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`mspn-preview:${PREVIEW_TOKEN_VERSION}:${collection}:${id}:${userId}:${expiresAt}`).digest('base64url')
}

/** An expiry `ttl` seconds or a little more from `now`, rounded up to the step. */
export function previewExpiry(nowSeconds = Math.floor(Date.now() / 1000), ttl = PREVIEW_TTL_SECONDS, step = PREVIEW_EXPIRY_STEP_SECONDS): number {
  return Math.ceil((nowSeconds + ttl) / step) * step
}

export function signPreviewToken(secret: string, scope: PreviewScope): string {
  const id = String(scope.id)
  const userId = String(scope.userId)
  if (!isPreviewableCollection(scope.collection) || !ID.test(id) || !ID.test(userId) || !Number.isInteger(scope.expiresAt)) {
    throw new Error('preview token: invalid scope')
  }
  return [PREVIEW_TOKEN_VERSION, scope.collection, id, userId, scope.expiresAt, signature(secret, scope.collection, id, userId, scope.expiresAt)].join('.')
}

/** Checks shape, signature (constant time) and expiry, in that order. */
export function verifyPreviewToken(secret: string, token: unknown, nowSeconds = Math.floor(Date.now() / 1000)): PreviewTokenCheck {
  if (typeof token !== 'string' || token.length > 512) return { ok: false, problem: 'MALFORMED' }
  const parts = token.split('.')
  if (parts.length !== 6) return { ok: false, problem: 'MALFORMED' }
  const [version, collection, id, userId, expiry, given] = parts as [string, string, string, string, string, string]
  if (version !== PREVIEW_TOKEN_VERSION || !isPreviewableCollection(collection) || !ID.test(id) || !ID.test(userId) || !/^\d{1,12}$/.test(expiry)) {
    return { ok: false, problem: 'MALFORMED' }
  }
  const expiresAt = Number(expiry)
  const expected = Buffer.from(signature(secret, collection, id, userId, expiresAt))
  const received = Buffer.from(given)
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, problem: 'BAD_SIGNATURE' }
  if (expiresAt <= nowSeconds) return { ok: false, problem: 'EXPIRED' }
  return { ok: true, scope: { collection, id, userId, expiresAt } }
}
