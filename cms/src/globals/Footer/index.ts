import type { GlobalConfig } from 'payload'
import { globalVersions } from '../../collections/versioning'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { publishedOrEditor } from '../../access/publishedOrEditor'
import { linkField } from '../../fields/link'

export const Footer: GlobalConfig = {
  slug: 'footer',
  admin: { group: 'Settings' },
  access: { read: publishedOrEditor, readVersions: isEditorOrAbove, update: isEditorOrAbove },
  versions: globalVersions,
  fields: [
    {
      name: 'columns',
      type: 'array',
      maxRows: 4,
      fields: [
        { name: 'heading', type: 'text', required: true, maxLength: 40 },
        { name: 'links', type: 'array', maxRows: 8, fields: [linkField()] },
      ],
    },
    { name: 'note', type: 'text', maxLength: 200, admin: { description: 'Small print, e.g. "© 2026 MSPN DEV".' } },
  ],
}
