import type { GlobalConfig } from 'payload'
import { globalVersions } from '../../collections/versioning'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { publishedOrEditor } from '../../access/publishedOrEditor'
import { linkField } from '../../fields/link'

export const Navigation: GlobalConfig = {
  slug: 'navigation',
  admin: { group: 'Settings' },
  access: { read: publishedOrEditor, readVersions: isEditorOrAbove, update: isEditorOrAbove },
  versions: globalVersions,
  fields: [{ name: 'items', type: 'array', maxRows: 8, fields: [linkField()] }],
}
