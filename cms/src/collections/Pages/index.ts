import { pageBlocks } from '../../blocks'
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { editorialCollection } from '../editorial'

export const Pages = editorialCollection({
  slug: 'pages',
  admin: { defaultColumns: ['title', 'slug', '_status', 'updatedAt'], listSearchableFields: ['title', 'slug'] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 120 },
    slugField(),
    { name: 'publishedAt', type: 'date', admin: { position: 'sidebar' } },
    {
      type: 'tabs',
      tabs: [
        {
          label: 'Content',
          fields: [{ name: 'layout', type: 'blocks', blocks: pageBlocks, required: true, minRows: 1 }],
        },
        { label: 'SEO', fields: [seoField()] },
      ],
    },
  ],
})
