import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { editorialCollection } from '../editorial'

export const SERVICE_ICONS = ['code', 'cloud', 'mobile', 'design', 'data', 'shield', 'rocket', 'chat'] as const

export const Services = editorialCollection({
  slug: 'services',
  admin: {
    defaultColumns: ['title', 'order', '_status', 'updatedAt'],
    listSearchableFields: ['title', 'slug', 'summary'],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 120 },
    slugField(),
    { name: 'summary', type: 'textarea', required: true, maxLength: 300 },
    {
      name: 'icon',
      type: 'select',
      defaultValue: 'code',
      options: SERVICE_ICONS.map((icon) => ({ label: icon, value: icon })),
      admin: { position: 'sidebar' },
    },
    { name: 'order', type: 'number', defaultValue: 0, index: true, admin: { position: 'sidebar' } },
    { name: 'body', type: 'richText' },
    {
      name: 'features',
      type: 'array',
      maxRows: 12,
      fields: [{ name: 'feature', type: 'text', required: true, maxLength: 120 }],
    },
    { name: 'publishedAt', type: 'date', admin: { position: 'sidebar' } },
    seoField(),
  ],
})
