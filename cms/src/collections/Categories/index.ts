import type { CollectionConfig } from 'payload'
import { anyone } from '../../access/anyone'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { withTrash } from '../trash'
import { slugField } from '../../fields/slug'

/** Deleted into the trash (see ../trash). */
export const Categories: CollectionConfig = withTrash({
  slug: 'categories',
  labels: { singular: 'Category', plural: 'Categories' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'slug', 'description', 'updatedAt'],
    listSearchableFields: ['title', 'slug', 'description'],
    group: 'Content',
  },
  access: { read: anyone, create: isEditorOrAbove, update: isEditorOrAbove, delete: isEditorOrAbove },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 60 },
    slugField(),
    { name: 'description', type: 'textarea', maxLength: 300 },
  ],
})
