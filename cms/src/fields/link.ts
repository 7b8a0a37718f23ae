import { ROUTED_COLLECTIONS } from '@mspn/contract'
import type { GroupField } from 'payload'

import { withOverrides } from './overrides'

const SAFE_URL = /^(https?:\/\/|mailto:|tel:|\/(?!\/))/i

/** Accepts http(s), mailto:, tel: and site-relative URLs; refuses javascript: and the like. */
export function validateUrl(value: unknown): true | string {
  if (value === undefined || value === null || value === '') return true
  if (typeof value !== 'string' || !SAFE_URL.test(value) || /\s/.test(value)) {
    return 'Enter a URL starting with https://, http://, mailto:, tel: or /.'
  }
  return true
}

interface LinkOptions {
  name?: string
  required?: boolean
  /** Replaces any property of the group; `admin` is merged. */
  overrides?: Partial<GroupField>
}

/** A link to one of our documents or to any safe URL, with its label. */
export function linkField({ name = 'link', required = true, overrides = {} }: LinkOptions = {}): GroupField {
  const field: GroupField = {
    name,
    type: 'group',
    interfaceName: 'Link',
    // The site reads a link as one value (site/src/cms/schemas/link.ts), not field by field.
    custom: { siteSchema: 'link' },
    fields: [
      {
        type: 'row',
        fields: [
          {
            name: 'type',
            type: 'radio',
            defaultValue: 'custom',
            options: [
              { label: 'Internal page', value: 'reference' },
              { label: 'URL', value: 'custom' },
            ],
          },
          { name: 'newTab', type: 'checkbox', label: 'Open in a new tab' },
        ],
      },
      {
        name: 'reference',
        type: 'relationship',
        // Every collection the site routes: a reference must resolve to a page.
        relationTo: [...ROUTED_COLLECTIONS],
        admin: { condition: (_, sibling) => sibling?.type === 'reference' },
        validate: (value: unknown, { siblingData }: { siblingData: { type?: string } }) =>
          siblingData?.type === 'reference' && required && !value ? 'Choose the document to link to.' : true,
      },
      {
        name: 'url',
        type: 'text',
        admin: { condition: (_, sibling) => sibling?.type !== 'reference' },
        validate: (value: unknown, { siblingData }: { siblingData: { type?: string } }) => {
          if (siblingData?.type !== 'reference' && required && !value) return 'Enter the URL to link to.'
          return validateUrl(value)
        },
      },
      { name: 'label', type: 'text', required },
    ],
  }
  return withOverrides(field, overrides)
}
