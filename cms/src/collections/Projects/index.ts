import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { validateUrl } from '../../fields/link'
import { editorialCollection } from '../editorial'

export const INDUSTRIES = [
  'fintech',
  'health',
  'retail',
  'logistics',
  'media',
  'education',
  'public-sector',
  'saas',
] as const

export const Projects = editorialCollection({
  slug: 'projects',
  labels: { singular: 'Project', plural: 'Projects' },
  admin: {
    defaultColumns: ['title', 'client', 'industry', '_status', 'updatedAt'],
    listSearchableFields: ['title', 'slug', 'client', 'summary'],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 120 },
    slugField(),
    {
      type: 'row',
      fields: [
        { name: 'client', type: 'text', required: true, maxLength: 100 },
        {
          name: 'industry',
          type: 'select',
          required: true,
          options: INDUSTRIES.map((value) => ({ label: value.replace('-', ' '), value })),
        },
        { name: 'year', type: 'number', min: 1990, max: 2100 },
      ],
    },
    { name: 'summary', type: 'textarea', required: true, maxLength: 300 },
    { name: 'coverImage', type: 'upload', relationTo: 'media' },
    {
      name: 'stack',
      type: 'text',
      hasMany: true,
      maxRows: 20,
      admin: { description: 'Technologies used, one per entry.' },
    },
    { name: 'body', type: 'richText' },
    { name: 'gallery', type: 'upload', relationTo: 'media', hasMany: true, maxRows: 12 },
    {
      name: 'results',
      type: 'array',
      maxRows: 6,
      fields: [
        { name: 'value', type: 'text', required: true, maxLength: 20, admin: { description: 'e.g. "3×" or "-40%"' } },
        { name: 'label', type: 'text', required: true, maxLength: 80 },
      ],
    },
    {
      name: 'links',
      type: 'array',
      maxRows: 4,
      fields: [
        { name: 'label', type: 'text', required: true, maxLength: 60 },
        { name: 'url', type: 'text', required: true, validate: validateUrl },
      ],
    },
    { name: 'featured', type: 'checkbox', defaultValue: false, admin: { position: 'sidebar' } },
    { name: 'publishedAt', type: 'date', admin: { position: 'sidebar' } },
    seoField(),
  ],
})
