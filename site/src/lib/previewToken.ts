/**
 * Draft-preview tokens, site side. The CMS signs one into every Preview link
 * (cms/src/preview/previewToken.ts, where the format is described):
 *
 *   v1.<collection>.<document id>.<user id>.<expiry, unix seconds>.<base64url HMAC-SHA256>
 *
 * The site checks it before doing anything (a bad link costs the CMS nothing), then hands it to
 * the CMS, which checks it again and answers only that draft. Both sides are tested against
 * the same vector. `signPreviewToken` exists for tests and tools; only the CMS issues links.
 */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PREVIEW_COLLECTIONS = ['pages', 'posts', 'projects', 'services', 'demos'] as const;
export type PreviewCollection = (typeof PREVIEW_COLLECTIONS)[number];

export interface PreviewScope {
  collection: PreviewCollection;
  id: string;
  userId: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type PreviewTokenProblem = 'MISSING' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED';
export type PreviewTokenCheck = { ok: true; scope: PreviewScope; token: string } | { ok: false; problem: PreviewTokenProblem };

const VERSION = 'v1';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function isPreviewCollection(value: string): value is PreviewCollection {
  return (PREVIEW_COLLECTIONS as readonly string[]).includes(value);
}

function signature(secret: string, collection: string, id: string, userId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`mspn-preview:${VERSION}:${collection}:${id}:${userId}:${expiresAt}`).digest('base64url');
}

export function signPreviewToken(secret: string, { collection, id, userId, expiresAt }: PreviewScope): string {
  return [VERSION, collection, id, userId, expiresAt, signature(secret, collection, id, userId, expiresAt)].join('.');
}

export function verifyPreviewToken(secret: string, token: string | null | undefined, nowSeconds = Math.floor(Date.now() / 1000)): PreviewTokenCheck {
  if (token === null || token === undefined || token === '') return { ok: false, problem: 'MISSING' };
  if (token.length > 512) return { ok: false, problem: 'MALFORMED' };
  const parts = token.split('.');
  if (parts.length !== 6) return { ok: false, problem: 'MALFORMED' };
  const [version, collection, id, userId, expiry, given] = parts as [string, string, string, string, string, string];
  if (version !== VERSION || !isPreviewCollection(collection) || !ID.test(id) || !ID.test(userId) || !/^\d{1,12}$/.test(expiry)) {
    return { ok: false, problem: 'MALFORMED' };
  }
  const expiresAt = Number(expiry);
  const expected = Buffer.from(signature(secret, collection, id, userId, expiresAt));
  const received = Buffer.from(given);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, problem: 'BAD_SIGNATURE' };
  if (expiresAt <= nowSeconds) return { ok: false, problem: 'EXPIRED' };
  return { ok: true, scope: { collection, id, userId, expiresAt }, token };
}
