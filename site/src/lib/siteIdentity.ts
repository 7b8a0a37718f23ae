/**
 * The site's signed identity towards the CMS (verified by cms/src/server/siteIdentity.ts; both
 * test the same vector). It lets the CMS give the site's own reads a budget sized for a site,
 * and count a visitor's requests (the contact form) against that visitor's address, without
 * the CMS having to trust X-Forwarded-For from whoever can reach it.
 *
 * - Key: HMAC-SHA256(REVALIDATE_SECRET, 'mspn site-identity v1'): purpose-specific, so it never
 *   signs anything the webhook key would accept.
 * - Header: `X-MSPN-Site: t=<unix seconds>,a=<visitor IP or empty>,v1=<hex HMAC-SHA256(key, `${t}.${a}`)>`.
 * - The CMS accepts `t` within 60 s of its clock (bounds replay); a fresh header is made per attempt.
 */
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';

export const SITE_IDENTITY_HEADER = 'x-mspn-site';
export const SITE_IDENTITY_CONTEXT = 'mspn site-identity v1';

export function siteIdentityKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(SITE_IDENTITY_CONTEXT).digest();
}

/** The header value; an address that is not an IP is left out (the read is then the site's own). */
export function signSiteIdentity(key: Buffer, visitorAddress?: string, nowSeconds: number = Math.floor(Date.now() / 1000)): string {
  const address = visitorAddress !== undefined && isIP(visitorAddress) !== 0 ? visitorAddress : '';
  const t = String(nowSeconds);
  return `t=${t},a=${address},v1=${createHmac('sha256', key).update(`${t}.${address}`).digest('hex')}`;
}

/** A signer bound to one secret (and visitor); undefined without a secret: no identity, as before. */
export function siteIdentitySigner(secret: string | undefined, visitorAddress?: string): (() => string) | undefined {
  if (secret === undefined) return undefined;
  const key = siteIdentityKey(secret);
  return () => signSiteIdentity(key, visitorAddress);
}
