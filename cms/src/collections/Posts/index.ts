import { isAuthorOrAboveField } from '../../access/isAuthorOrAbove'
import { createPosts, readPosts, readPostVersions, updatePosts } from '../../access/ownPostsOrEditor'
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { editorialCollection } from '../editorial'
import { assignAuthor } from './hooks'

/** Authors write here too: their own drafts (see access/ownPostsOrEditor). */
export const Posts = editorialCollection({
  slug: 'posts',
  admin: {
    defaultColumns: ['title', 'authorName', '_status', 'publishedAt'],
    listSearchableFields: ['title', 'slug', 'excerpt', 'authorName'],
  },
  access: { read: readPosts, readVersions: readPostVersions, create: createPosts, update: updatePosts },
  hooks: { beforeChange: [assignAuthor] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 160 },
    slugField(),
    { name: 'excerpt', type: 'textarea', required: true, maxLength: 300 },
    { name: 'coverImage', type: 'upload', relationTo: 'media' },
    { name: 'content', type: 'richText', required: true },
    {
      name: 'categories',
      type: 'relationship',
      relationTo: 'categories',
      hasMany: true,
      admin: { position: 'sidebar' },
    },
    {
      name: 'author',
      type: 'relationship',
      relationTo: 'users',
      admin: { position: 'sidebar', description: 'Set to you when left empty. Only editors can credit someone else.' },
      access: { read: isAuthorOrAboveField },
    },
    { name: 'authorName', type: 'text', admin: { readOnly: true, position: 'sidebar' } },
    {
      name: 'publishedAt',
      type: 'date',
      index: true,
      admin: { position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } },
    },
    seoField(),
  ],
})
