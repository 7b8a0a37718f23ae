/**
 * Tells the public site what changed so it purges exactly the routes that show it.
 * Changes from contentEvents are batched for a moment, then sent as one signed
 * `POST {site}/_cache/invalidate` to every site process (SITE_INVALIDATE_URLS, default SITE_URL;
 * each process keeps its own route cache, so behind a load balancer list each one):
 *
 *   X-MSPN-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${body}` with REVALIDATE_SECRET>
 *   body: { "changes": [{ "kind": "collection" | "global", "slug", "id"?, "operation" }] }
 *
 * The site refuses unsigned, mismatched or stale (replay window) requests. Delivery is retried
 * with backoff; a site that stays down is logged, never allowed to fail an editor's save.
 * The signature, the body's type and the path are the contract's (@mspn/contract), which the site verifies with.
 */
import { INVALIDATE_PATH, PUBLIC_COLLECTIONS, type ContentChange, type ContentChangeBatch } from '@mspn/contract'
import type { Logger } from 'pino'

import { batchContentChanges, type ChangeBatches } from './changeBatches'
import { postSigned } from './signedPost'
import { configureSiteLink, describeFailure, recordSiteLinkAttempt } from './siteLinkStatus'

export interface SiteRevalidatorOptions {
  /** Base URLs of the site processes to notify. */
  siteUrls: readonly string[]
  secret: string
  logger: Logger
  /** How long to gather changes before sending (ms). */
  batchMs?: number
  attempts?: number
  timeoutMs?: number
  /** Collections whose changes the site cares about; default: the registry's public ones. */
  notify?: ReadonlySet<string>
}

/** `flush` sends what is pending now; resolves when delivered or given up. */
export type SiteRevalidator = ChangeBatches

const PUBLIC = new Set<string>(PUBLIC_COLLECTIONS)

export function createSiteRevalidator({
  siteUrls,
  secret,
  logger,
  batchMs = 100,
  attempts = 3,
  timeoutMs = 3000,
  notify = PUBLIC,
}: SiteRevalidatorOptions): SiteRevalidator {
  const endpoints = siteUrls.map((url) => `${url.replace(/\/$/, '')}${INVALIDATE_PATH}`)
  // The admin dashboard's "site link" panel reads the outcome of each endpoint's last delivery.
  configureSiteLink(endpoints)
  async function deliver(changes: ContentChange[]): Promise<void> {
    const body = JSON.stringify({ changes } satisfies ContentChangeBatch)
    await Promise.all(endpoints.map((endpoint) => deliverTo(endpoint, body, changes.length)))
  }

  async function deliverTo(endpoint: string, body: string, count: number): Promise<void> {
    const outcome = await postSigned(endpoint, secret, body, { attempts, backoffMs: 200, timeoutMs })
    recordSiteLinkAttempt({
      endpoint,
      at: new Date().toISOString(),
      changes: count,
      outcome: outcome.ok ? 'ok' : outcome.refused ? 'refused' : 'unreachable',
      ...(!outcome.ok && outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(!outcome.ok && outcome.error !== undefined ? { error: describeFailure(outcome.error) } : {}),
    })
    if (outcome.ok) logger.debug({ changes: count, endpoint }, 'site notified')
    else if (outcome.refused)
      logger.error(
        { status: outcome.status, endpoint },
        'site refused the cache invalidation; check REVALIDATE_SECRET on both sides',
      )
    else if (outcome.error !== undefined)
      logger.warn({ err: outcome.error, endpoint }, 'site unreachable; its cache will expire on its own')
  }

  return batchContentChanges({
    // What visitors see changed: publishes, unpublishes, deletes and trashing; never a draft save
    // or an autosave (previews are never cached, and a global's draft would purge every page).
    event: 'published',
    // Private and internal collections (users, inquiries, payload-*) never leave the CMS.
    accept: (change) => change.kind !== 'collection' || notify.has(change.slug),
    waitMs: batchMs,
    debounce: false,
    deliver,
  })
}
