/**
 * The studio's admin panel on top of Payload's: branding (name, logo, icon, favicon), the dashboard
 * above the collection cards, and the "Scheduled" column of scheduled collections. Component paths
 * are resolved through the import map (`npm run generate:importmap -w cms` after adding one).
 */
import type { CollectionConfig, Config, Field } from 'payload'

import { isSchedulable } from '../jobs/schedule'

const MARK_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">' +
  '<stop offset="0" stop-color="#6d5efc"/><stop offset="1" stop-color="#12b5a6"/></linearGradient></defs>' +
  '<rect width="32" height="32" rx="8" fill="url(#g)"/><path d="M8 22V10l5 7 5-7v12" fill="none" stroke="#fff" ' +
  'stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/><path d="M21.5 12.5 25 16l-3.5 3.5" ' +
  'fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>'

/** The favicon as a data URL: nothing to serve, and the admin's CSP allows `data:` images. */
export const FAVICON_URL = `data:image/svg+xml,${encodeURIComponent(MARK_SVG)}`

export const adminBranding = {
  meta: {
    titleSuffix: ' · MSPN DEV',
    description: 'MSPN DEV studio admin: content, leads and publishing for the website.',
    icons: [{ rel: 'icon', type: 'image/svg+xml', url: FAVICON_URL }],
    openGraph: { siteName: 'MSPN DEV', title: 'MSPN DEV admin', description: 'MSPN DEV studio admin' },
  },
  components: {
    graphics: { Logo: '/admin/components/Logo#Logo', Icon: '/admin/components/Icon#Icon' },
    beforeDashboard: ['/admin/components/Dashboard#Dashboard'],
  },
} satisfies Pick<NonNullable<Config['admin']>, 'meta' | 'components'>

export const SCHEDULED_COLUMN = 'scheduled'

const scheduledField: Field = {
  name: SCHEDULED_COLUMN,
  type: 'ui',
  label: 'Scheduled',
  admin: {
    components: { Cell: '/admin/components/ScheduledCell#ScheduledCell' },
    // A list column only: the edit view has Payload's own schedule drawer.
    position: 'sidebar',
  },
}

/**
 * Adds the "Scheduled" list column (a UI field: no data, no database column) to a collection with
 * scheduled publishing, shown by default right after the status column.
 */
export function withScheduledColumn(collection: CollectionConfig): CollectionConfig {
  if (!isSchedulable(collection)) return collection
  const columns = collection.admin?.defaultColumns
  let defaultColumns = columns
  if (columns && !columns.includes(SCHEDULED_COLUMN)) {
    const after = columns.indexOf('_status')
    defaultColumns =
      after >= 0
        ? [...columns.slice(0, after + 1), SCHEDULED_COLUMN, ...columns.slice(after + 1)]
        : [...columns, SCHEDULED_COLUMN]
  }
  return {
    ...collection,
    admin: { ...collection.admin, ...(defaultColumns ? { defaultColumns } : {}) },
    fields: [...collection.fields, scheduledField],
  }
}
