/**
 * A CMS client for one visitor's request (the contact form). The CMS budgets contact messages
 * per client (RATE_LIMIT_CONTACT_PER_HOUR); seen from the CMS, every form arrives from the
 * site's own address, so this client signs the visitor's address into the site identity
 * header (lib/siteIdentity.ts) and the CMS counts the message against that visitor. Nothing
 * depends on X-Forwarded-For or on the CMS trusting a proxy. Without REVALIDATE_SECRET there is
 * no identity and all visitors share the site's address, as the CMS sees it.
 */
import { createCms, type Cms, type CmsClientConfig } from '../cms/index.ts'
import { siteIdentitySigner } from '@mspn/contract/site-identity'

export interface VisitorCmsConfig extends Omit<CmsClientConfig, 'fetch' | 'identity'> {
  /** The visitor's IP address as the site decided it (server/visitorAddress.ts); ignored unless it is one. */
  clientAddress?: string | undefined
  /** REVALIDATE_SECRET, from which the identity key is derived. */
  siteSecret?: string | undefined
  fetch?: typeof globalThis.fetch
}

export function createVisitorCms({
  clientAddress,
  siteSecret,
  fetch: fetchImpl = globalThis.fetch,
  ...config
}: VisitorCmsConfig): Cms {
  return createCms({ ...config, fetch: fetchImpl, identity: siteIdentitySigner(siteSecret, clientAddress) })
}
