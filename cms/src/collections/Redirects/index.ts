/**
 * Redirects: a path of the site sent elsewhere (301, 302) or gone (410), kept by editors, read by
 * the site (its table of redirects, answered before any page renders). A target is a routed
 * document (followed when its slug changes) or a path/URL; other hosts only from
 * REDIRECT_ALLOWED_HOSTS. Rules are checked and chains collapsed at the operation (hooks/), so REST,
 * GraphQL, the CSV import and the Local API all meet them; `destination` is what the site uses.
 */
import { ROUTED_COLLECTIONS } from '@mspn/contract'
import type { CollectionConfig } from 'payload'

import { anyone } from '../../access/anyone'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { collapseChains } from './hooks/collapseChains'
import { resolveRedirect } from './hooks/resolveRedirect'
import { importRedirectsEndpoint } from './importEndpoint'

export interface RedirectsOptions {
  /** Hosts other than the site's that a target URL may name (REDIRECT_ALLOWED_HOSTS). */
  allowedHosts: readonly string[]
}

export function redirectsCollection({ allowedHosts }: RedirectsOptions): CollectionConfig {
  return {
    slug: 'redirects',
    labels: { singular: 'Redirect', plural: 'Redirects' },
    admin: {
      useAsTitle: 'from',
      defaultColumns: ['from', 'type', 'destination', 'updatedAt'],
      group: 'Content',
      description: 'Old addresses of the site sent to new ones (301/302) or marked gone (410).',
    },
    access: { read: anyone, create: isEditorOrAbove, update: isEditorOrAbove, delete: isEditorOrAbove },
    defaultSort: 'from',
    hooks: { beforeChange: [resolveRedirect(allowedHosts)], afterChange: [collapseChains] },
    endpoints: [importRedirectsEndpoint(allowedHosts)],
    fields: [
      {
        name: 'from',
        type: 'text',
        required: true,
        unique: true,
        index: true,
        maxLength: 2000,
        admin: { description: 'A path on the site, e.g. /old-page (no host, no query string).' },
      },
      {
        name: 'type',
        type: 'select',
        required: true,
        defaultValue: '301',
        options: [
          { label: '301 Moved permanently', value: '301' },
          { label: '302 Found (temporary)', value: '302' },
          { label: '410 Gone (no target)', value: '410' },
        ],
      },
      {
        name: 'document',
        type: 'relationship',
        relationTo: [...ROUTED_COLLECTIONS],
        admin: {
          description: 'Send visitors to this document; follows its address when its slug changes.',
          condition: (data) => data?.type !== '410',
        },
      },
      {
        name: 'url',
        type: 'text',
        maxLength: 2000,
        admin: {
          description: 'Or a path on the site (/new-page) or a full URL on an allowed host.',
          condition: (data) => data?.type !== '410',
        },
      },
      {
        name: 'destination',
        type: 'text',
        maxLength: 2000,
        admin: { readOnly: true, description: 'Where the site sends visitors, resolved when saved.' },
      },
    ],
  }
}
