import type { CollectionConfig } from 'payload'
import { isAuthorOrAboveField } from '../../access/isAuthorOrAbove'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { createPosts, readPosts, readPostVersions, updatePosts } from '../../access/ownPostsOrEditor'
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { setPublishedAt } from '../../hooks/setPublishedAt'
import { editorialVersions } from '../versioning'
import { assignAuthor } from './hooks'

export const Posts: CollectionConfig = {
  slug: 'posts',
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'authorName', '_status', 'publishedAt'], group: 'Content' },
  access: {
    read: readPosts,
    readVersions: readPostVersions,
    create: createPosts,
    update: updatePosts,
    delete: isEditorOrAbove,
  },
  defaultSort: '-publishedAt',
  versions: editorialVersions,
  hooks: { beforeChange: [assignAuthor, setPublishedAt] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 160 },
    slugField(),
    { name: 'excerpt', type: 'textarea', required: true, maxLength: 300 },
    { name: 'coverImage', type: 'upload', relationTo: 'media' },
    { name: 'content', type: 'richText', required: true },
    { name: 'categories', type: 'relationship', relationTo: 'categories', hasMany: true, admin: { position: 'sidebar' } },
    {
      name: 'author',
      type: 'relationship',
      relationTo: 'users',
      admin: { position: 'sidebar', description: 'Set to you when left empty. Only editors can credit someone else.' },
      access: { read: isAuthorOrAboveField },
    },
    { name: 'authorName', type: 'text', admin: { readOnly: true, position: 'sidebar' } },
    { name: 'publishedAt', type: 'date', index: true, admin: { position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } } },
    seoField(),
  ],
}
