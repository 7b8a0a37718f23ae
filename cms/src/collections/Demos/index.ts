import type { CollectionConfig } from 'payload'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { publishedOrEditor } from '../../access/publishedOrEditor'
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { setPublishedAt } from '../../hooks/setPublishedAt'
import { editorialVersions } from '../versioning'

/** The interactive widgets the site knows how to render. */
export const DEMO_KINDS = ['cost-estimator', 'api-explorer', 'performance-chart'] as const

export const Demos: CollectionConfig = {
  slug: 'demos',
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'kind', '_status'], group: 'Content' },
  access: {
    read: publishedOrEditor,
    readVersions: isEditorOrAbove,
    create: isEditorOrAbove,
    update: isEditorOrAbove,
    delete: isEditorOrAbove,
  },
  versions: editorialVersions,
  hooks: { beforeChange: [setPublishedAt] },
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
}
