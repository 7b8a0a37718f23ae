'use client'
/**
 * Admin navigation: "Inquiries · n unread", linking to the unread ones. Asks
 * `GET /api/v1/inquiries/unread-count` on each navigation, after any inquiry is saved in the admin
 * (Payload's document events), when the tab comes back into view, and every minute. Renders
 * nothing for people who may not read inquiries (the endpoint refuses them).
 */
import { Link, useConfig, useDocumentEvents } from '@payloadcms/ui'
import { usePathname, useSearchParams } from 'next/navigation'
import { useEffect, useState } from 'react'

const REFRESH_MS = 60_000

export function UnreadInquiries() {
  const {
    config: { routes, serverURL },
  } = useConfig()
  const pathname = usePathname()
  const search = useSearchParams()?.toString()
  const { mostRecentUpdate } = useDocumentEvents()
  const [count, setCount] = useState<number | null>(null)
  const savedInquiry = mostRecentUpdate?.entitySlug === 'inquiries' ? mostRecentUpdate.updatedAt : undefined

  useEffect(() => {
    let live = true
    const refresh = async () => {
      try {
        const response = await fetch(`${serverURL ?? ''}${routes.api}/inquiries/unread-count`, {
          credentials: 'include',
          cache: 'no-store',
        })
        const body = response.ok ? ((await response.json()) as { count?: unknown }) : undefined
        if (live) setCount(typeof body?.count === 'number' ? body.count : null)
      } catch {
        // Offline for a moment: keep the last number.
      }
    }
    void refresh()
    const timer = setInterval(refresh, REFRESH_MS)
    const onVisible = () => document.visibilityState === 'visible' && void refresh()
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      live = false
      clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [serverURL, routes.api, pathname, search, savedInquiry])

  if (count === null) return null
  const href = `${routes.admin}/collections/inquiries?where[read][equals]=false&where[spam][not_equals]=true`
  return (
    <Link
      href={href}
      className="nav__link unread-inquiries"
      aria-label={`${count} unread ${count === 1 ? 'inquiry' : 'inquiries'}`}
      style={{ display: 'flex', alignItems: 'center', gap: '0.5rem', marginTop: '1rem' }}
    >
      <span className="nav__link-label">Unread inquiries</span>
      <span
        data-testid="unread-inquiries-count"
        style={{
          minWidth: '1.5rem',
          padding: '0 0.4rem',
          borderRadius: '0.75rem',
          textAlign: 'center',
          fontSize: '0.8rem',
          lineHeight: '1.5rem',
          background: count > 0 ? 'var(--theme-error-500)' : 'var(--theme-elevation-150)',
          color: count > 0 ? 'var(--theme-bg)' : 'var(--theme-elevation-800)',
        }}
      >
        {count}
      </span>
    </Link>
  )
}
