import type { GlobalConfig } from 'payload'
import { anyone } from '../../access/anyone'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { linkField } from '../../fields/link'

export const Navigation: GlobalConfig = {
  slug: 'navigation',
  admin: { group: 'Settings' },
  access: { read: anyone, update: isEditorOrAbove },
  fields: [{ name: 'items', type: 'array', maxRows: 8, fields: [linkField()] }],
}
