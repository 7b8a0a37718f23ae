import type { CollectionConfig } from 'payload'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { publishedOrEditor } from '../../access/publishedOrEditor'
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { setPublishedAt } from '../../hooks/setPublishedAt'
import { editorialVersions } from '../versioning'

export const SERVICE_ICONS = ['code', 'cloud', 'mobile', 'design', 'data', 'shield', 'rocket', 'chat'] as const

export const Services: CollectionConfig = {
  slug: 'services',
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'order', '_status', 'updatedAt'], group: 'Content' },
  access: {
    read: publishedOrEditor,
    readVersions: isEditorOrAbove,
    create: isEditorOrAbove,
    update: isEditorOrAbove,
    delete: isEditorOrAbove,
  },
  defaultSort: 'order',
  versions: editorialVersions,
  hooks: { beforeChange: [setPublishedAt] },
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
}
