import type { GroupField } from 'payload'
import { withOverrides } from './overrides'

interface SeoOptions {
  /** Replaces any property of the group (e.g. its name and label); `admin` is merged. */
  overrides?: Partial<GroupField>
}

/** Search and social metadata: title, description, sharing image, indexing. */
export function seoField({ overrides = {} }: SeoOptions = {}): GroupField {
  const field: GroupField = {
    name: 'seo',
    type: 'group',
    label: 'SEO',
    admin: {
      description: 'Shown by search engines and when the page is shared. Empty fields fall back to site defaults.',
    },
    fields: [
      { name: 'title', type: 'text', maxLength: 70 },
      { name: 'description', type: 'textarea', maxLength: 170 },
      { name: 'image', type: 'upload', relationTo: 'media' },
      { name: 'noIndex', type: 'checkbox', defaultValue: false, label: 'Hide from search engines' },
    ],
  }
  return withOverrides(field, overrides)
}
