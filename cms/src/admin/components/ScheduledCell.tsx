/**
 * The "Scheduled" column of scheduled collections' list views: the next pending publish or unpublish
 * of the row's document. The pending jobs of the collection are read once per render (React's
 * request cache), not once per row.
 */
import type { Payload } from 'payload'
import { cache } from 'react'

import { pendingChangesByDoc } from '../scheduledChanges'

interface Props {
  payload: Payload
  collectionSlug: string
  rowData?: { id?: number | string }
}

const pendingOf = cache((payload: Payload, collection: string) => pendingChangesByDoc(payload, collection))

const format = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) +
  ' UTC'

export async function ScheduledCell({ payload, collectionSlug, rowData }: Props) {
  if (rowData?.id === undefined) return null
  const changes = (await pendingOf(payload, collectionSlug)).get(String(rowData.id))
  if (!changes?.length) return <span className="mspn-scheduled mspn-scheduled--none">—</span>
  const [next, ...more] = changes
  return (
    <span className="mspn-scheduled" title={changes.map((c) => `${c.action} at ${format(c.at)}`).join('\n')}>
      <span className={`mspn-pill mspn-pill--${next.action}`}>Scheduled: {next.action}</span> {format(next.at)}
      {more.length > 0 ? <span className="mspn-scheduled__more"> +{more.length} more</span> : null}
    </span>
  )
}
