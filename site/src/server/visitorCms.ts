/**
 * A CMS client for one visitor's write. The CMS budgets contact messages per client address
 * (RATE_LIMIT_CONTACT_PER_HOUR); seen from the CMS, every form arrives from the site's own
 * address, so without help all visitors would share one small budget. This client adds
 * `X-Forwarded-For: <visitor address>`, which the CMS uses only when it is configured to
 * trust the site as a proxy (TRUST_PROXY counts the hops), and ignores otherwise.
 */
import { isIP } from 'node:net';

import { createCms, type Cms, type CmsClientConfig } from '../cms/index.ts';

export interface VisitorCmsConfig extends Omit<CmsClientConfig, 'fetch'> {
  /** The visitor's IP address as the site saw it (Astro's `clientAddress`); ignored unless it is one. */
  clientAddress?: string | undefined;
  fetch?: typeof globalThis.fetch;
}

export function createVisitorCms({ clientAddress, fetch: fetchImpl = globalThis.fetch, ...config }: VisitorCmsConfig): Cms {
  const address = clientAddress !== undefined && isIP(clientAddress) !== 0 ? clientAddress : undefined;
  if (address === undefined) return createCms({ ...config, fetch: fetchImpl });
  return createCms({
    ...config,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('x-forwarded-for', address);
      return fetchImpl(input, { ...init, headers });
    },
  });
}
