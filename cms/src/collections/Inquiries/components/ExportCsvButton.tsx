'use client'
/**
 * Above the inquiries list: downloads what the list shows now (its filter, search and sort) as CSV
 * through `GET /api/v1/inquiries/export.csv`.
 */
import { Button, useConfig } from '@payloadcms/ui'
import { useSearchParams } from 'next/navigation'

export function ExportCsvButton() {
  const {
    config: { routes, serverURL },
  } = useConfig()
  const params = useSearchParams()
  const query = new URLSearchParams()
  params?.forEach((value, key) => {
    if (key.startsWith('where[') || key === 'sort') query.append(key, value)
  })
  // The list's search box filters on the searchable fields; the export selects the same rows.
  const search = params?.get('search')?.trim()
  if (search) {
    const fields = ['name', 'email', 'company', 'message']
    fields.forEach((field, index) => query.append(`where[and][0][or][${index}][${field}][like]`, search))
  }
  const href = `${serverURL ?? ''}${routes.api}/inquiries/export.csv${query.size > 0 ? `?${query}` : ''}`
  return (
    <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: '1rem' }}>
      <Button el="anchor" url={href} buttonStyle="secondary" size="small" extraButtonProps={{ download: '' }}>
        Export CSV
      </Button>
    </div>
  )
}
