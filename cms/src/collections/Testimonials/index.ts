import type { CollectionConfig } from 'payload'
import { anyone } from '../../access/anyone'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { withTrash } from '../trash'

/** Deleted into the trash (see ../trash). */
export const Testimonials: CollectionConfig = withTrash({
  slug: 'testimonials',
  admin: {
    useAsTitle: 'authorName',
    defaultColumns: ['authorName', 'company', 'project', 'updatedAt'],
    listSearchableFields: ['authorName', 'company', 'authorRole', 'quote'],
    group: 'Content',
  },
  access: { read: anyone, create: isEditorOrAbove, update: isEditorOrAbove, delete: isEditorOrAbove },
  fields: [
    { name: 'quote', type: 'textarea', required: true, maxLength: 600 },
    { name: 'authorName', type: 'text', required: true, maxLength: 100 },
    { name: 'authorRole', type: 'text', maxLength: 100 },
    { name: 'company', type: 'text', maxLength: 100 },
    { name: 'avatar', type: 'upload', relationTo: 'media' },
    { name: 'project', type: 'relationship', relationTo: 'projects' },
  ],
})
