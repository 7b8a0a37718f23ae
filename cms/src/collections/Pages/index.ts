import type { CollectionConfig } from 'payload'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { publishedOrEditor } from '../../access/publishedOrEditor'
import { pageBlocks } from '../../blocks'
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { setPublishedAt } from '../../hooks/setPublishedAt'
import { editorialVersions } from '../versioning'

export const Pages: CollectionConfig = {
  slug: 'pages',
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'slug', '_status', 'updatedAt'], group: 'Content' },
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
    { name: 'publishedAt', type: 'date', admin: { position: 'sidebar' } },
    {
      type: 'tabs',
      tabs: [
        { label: 'Content', fields: [{ name: 'layout', type: 'blocks', blocks: pageBlocks, required: true, minRows: 1 }] },
        { label: 'SEO', fields: [seoField()] },
      ],
    },
  ],
}
