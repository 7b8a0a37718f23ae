/**
 * The studio's dashboard, above Payload's collection cards (`admin.components.beforeDashboard`):
 * new inquiries, what is scheduled this week, drafts waiting, recent audit entries and the site link.
 * A server component: the data comes from dashboardData.ts with the signed-in user's access.
 */
import type { Payload, TypedUser } from 'payload'
import type React from 'react'

import { dashboardData, type DashboardData } from '../dashboardData'

interface Props {
  payload: Payload
  user?: TypedUser | null
}

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) +
  ' UTC'

function Card({ title, children, wide }: { title: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <section className={`mspn-dashboard__card${wide ? ' mspn-dashboard__card--wide' : ''}`}>
      <h3 className="mspn-dashboard__title">{title}</h3>
      {children}
    </section>
  )
}

const Closed = () => <p className="mspn-dashboard__muted">Not available to your role.</p>

function SiteLink({ status }: { status: DashboardData['siteLink'] }) {
  if (!status.configured)
    return <p className="mspn-dashboard__muted">Not configured: set REVALIDATE_SECRET to purge the site on changes.</p>
  if (status.attempts.length === 0)
    return <p className="mspn-dashboard__muted">No purge sent since this process started.</p>
  return (
    <ul className="mspn-dashboard__list">
      {status.attempts.map((attempt) => (
        <li key={attempt.endpoint}>
          <span className={`mspn-pill mspn-pill--${attempt.outcome === 'ok' ? 'ok' : 'bad'}`}>
            {attempt.outcome === 'ok' ? 'purged' : attempt.outcome}
          </span>{' '}
          <code>{attempt.endpoint}</code>
          <span className="mspn-dashboard__muted">
            {' '}
            {when(attempt.at)} · {attempt.changes} change{attempt.changes === 1 ? '' : 's'}
            {attempt.status ? ` · HTTP ${attempt.status}` : ''}
            {attempt.error ? ` · ${attempt.error}` : ''}
          </span>
        </li>
      ))}
      {status.lastSuccessAt ? (
        <li className="mspn-dashboard__muted">Last successful purge: {when(status.lastSuccessAt)}</li>
      ) : null}
    </ul>
  )
}

export async function Dashboard({ payload, user }: Props) {
  const admin = payload.config.routes.admin
  const docUrl = (collection: string, id: number | string) => `${admin}/collections/${collection}/${id}`
  const data = await dashboardData(payload, user)
  const { inquiries, scheduled, drafts, audit } = data
  return (
    <div className="mspn-dashboard">
      <div className="mspn-dashboard__hello">
        <h2>Welcome{user && 'name' in user && user.name ? `, ${String(user.name)}` : ''}</h2>
        <p className="mspn-dashboard__muted">What needs you today at MSPN DEV.</p>
      </div>
      <div className="mspn-dashboard__grid">
        <Card title="New inquiries">
          {inquiries.allowed && inquiries.data ? (
            <>
              <p className="mspn-dashboard__figure">
                <a href={`${admin}/collections/inquiries?where[status][equals]=new`}>{inquiries.data.newCount}</a>
              </p>
              <ul className="mspn-dashboard__list">
                {inquiries.data.latest.map((inquiry) => (
                  <li key={inquiry.id}>
                    <a href={docUrl('inquiries', inquiry.id)}>{inquiry.name}</a>
                    {inquiry.company ? ` (${inquiry.company})` : ''}
                    <span className="mspn-dashboard__muted"> {when(inquiry.createdAt)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <Closed />
          )}
        </Card>
        <Card title="Scheduled, next 7 days">
          {scheduled.allowed && scheduled.data ? (
            scheduled.data.items.length === 0 ? (
              <p className="mspn-dashboard__muted">Nothing scheduled.</p>
            ) : (
              <ul className="mspn-dashboard__list">
                {scheduled.data.items.map((item) => (
                  <li key={item.jobId}>
                    <span className={`mspn-pill mspn-pill--${item.failed ? 'bad' : item.action}`}>
                      {item.failed ? 'failed' : item.action}
                    </span>{' '}
                    <a href={docUrl(item.collection, item.id)}>{item.title}</a>
                    <span className="mspn-dashboard__muted">
                      {' '}
                      {item.collection} · {when(item.at)}
                    </span>
                  </li>
                ))}
              </ul>
            )
          ) : (
            <Closed />
          )}
        </Card>
        <Card title="Drafts waiting">
          {drafts.allowed && drafts.data ? (
            <>
              <p className="mspn-dashboard__figure">{drafts.data.total}</p>
              <ul className="mspn-dashboard__list">
                {drafts.data.collections
                  .filter((section) => section.count > 0)
                  .flatMap((section) =>
                    section.latest.map((doc) => (
                      <li key={`${doc.collection}:${doc.id}`}>
                        <a href={docUrl(doc.collection, doc.id)}>{doc.title}</a>
                        <span className="mspn-dashboard__muted">
                          {' '}
                          {section.label} · {when(doc.updatedAt)}
                        </span>
                      </li>
                    )),
                  )}
              </ul>
            </>
          ) : (
            <Closed />
          )}
        </Card>
        <Card title="Site link">
          <SiteLink status={data.siteLink} />
        </Card>
        {audit.allowed && audit.data ? (
          <Card title="Recent changes" wide>
            <table className="mspn-dashboard__table">
              <tbody>
                {audit.data.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="mspn-dashboard__muted">{when(entry.createdAt)}</td>
                    <td>
                      <span className="mspn-pill">{entry.action}</span>
                    </td>
                    <td>
                      {entry.entityType === 'collection' && entry.entity && entry.documentId ? (
                        <a href={docUrl(entry.entity, entry.documentId)}>
                          {entry.entity} {entry.documentId}
                        </a>
                      ) : entry.entityType === 'global' && entry.entity ? (
                        <a href={`${admin}/globals/${entry.entity}`}>{entry.entity}</a>
                      ) : (
                        (entry.entity ?? '')
                      )}
                    </td>
                    <td>{entry.user ?? <span className="mspn-dashboard__muted">system</span>}</td>
                    <td className="mspn-dashboard__muted">{entry.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <a href={`${admin}/collections/audit-logs`}>The whole audit log →</a>
            </p>
          </Card>
        ) : null}
      </div>
    </div>
  )
}
