import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { editorialCollection } from '../editorial'

/** The interactive widgets the site knows how to render. */
export const DEMO_KINDS = ['cost-estimator', 'api-explorer', 'performance-chart'] as const

export const Demos = editorialCollection({
  slug: 'demos',
  admin: {
    defaultColumns: ['title', 'kind', '_status', 'updatedAt'],
    listSearchableFields: ['title', 'slug', 'summary'],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 120 },
    slugField(),
    {
      name: 'kind',
      type: 'select',
      required: true,
      options: DEMO_KINDS.map((value) => ({ label: value.replace('-', ' '), value })),
      admin: { description: 'Which interactive demo the site renders.' },
    },
    { name: 'summary', type: 'textarea', required: true, maxLength: 300 },
    { name: 'thumbnail', type: 'upload', relationTo: 'media' },
    {
      name: 'settings',
      type: 'json',
      admin: { description: 'Options passed to the demo (rates, endpoints, series). Keep it small.' },
      validate: (value: unknown) => {
        if (value === undefined || value === null) return true
        if (typeof value !== 'object' || Array.isArray(value)) return 'Settings must be a JSON object.'
        return JSON.stringify(value).length <= 20_000 ? true : 'Settings must stay under 20 KB.'
      },
    },
    { name: 'publishedAt', type: 'date', admin: { position: 'sidebar' } },
    seoField(),
  ],
})
