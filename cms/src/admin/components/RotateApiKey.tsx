'use client'
/**
 * "Rotate API key" on a user's edit and account views (a UI field of Users): calls
 * `POST /api/v1/users/:id/rotate-api-key` with the session cookie and shows the new key once, with
 * how long the previous one keeps working. Shown to the account itself and to admins, the same
 * rule the endpoint applies.
 */
import { Button, useAuth, useConfig, useDocumentInfo } from '@payloadcms/ui'
import { useState } from 'react'

type State =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'issued'; apiKey: string; previousKeyValidUntil: string | null }
  | { kind: 'failed'; message: string }

export function RotateApiKey() {
  const { id } = useDocumentInfo()
  const { user } = useAuth<{ id: number | string; role?: string }>()
  const { config } = useConfig()
  const [state, setState] = useState<State>({ kind: 'idle' })
  const [copied, setCopied] = useState(false)

  if (id === undefined || id === null || !user) return null
  if (user.role !== 'admin' && String(user.id) !== String(id)) return null

  async function rotate() {
    const ownKey = String(user?.id) === String(id)
    const question = ownKey
      ? 'Issue a new API key for your account? The current key keeps working only for the overlap period.'
      : 'Issue a new API key for this account? Its current key keeps working only for the overlap period.'
    if (!window.confirm(question)) return
    setState({ kind: 'busy' })
    setCopied(false)
    try {
      const response = await fetch(`${config.routes.api}/users/${id}/rotate-api-key`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      const body = (await response.json().catch(() => ({}))) as {
        apiKey?: string
        previousKeyValidUntil?: string | null
        errors?: { message?: string }[]
      }
      if (!response.ok || !body.apiKey)
        setState({ kind: 'failed', message: body.errors?.[0]?.message ?? `The CMS answered ${response.status}.` })
      else setState({ kind: 'issued', apiKey: body.apiKey, previousKeyValidUntil: body.previousKeyValidUntil ?? null })
    } catch {
      setState({ kind: 'failed', message: 'The CMS could not be reached.' })
    }
  }

  return (
    <div className="mspn-rotate">
      <p className="mspn-rotate__label">API key</p>
      <Button buttonStyle="secondary" size="small" disabled={state.kind === 'busy'} onClick={() => void rotate()}>
        {state.kind === 'busy' ? 'Issuing…' : 'Rotate API key'}
      </Button>
      {state.kind === 'issued' ? (
        <div className="mspn-rotate__issued" role="status">
          <p>New key, shown only this once: store it now.</p>
          <code className="mspn-rotate__key" data-testid="new-api-key">
            {state.apiKey}
          </code>
          <Button
            buttonStyle="pill"
            size="small"
            onClick={() =>
              void navigator.clipboard?.writeText(state.apiKey).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
          <p className="mspn-rotate__note">
            {state.previousKeyValidUntil
              ? `The previous key works until ${new Date(state.previousKeyValidUntil).toUTCString()}.`
              : 'No previous key stays valid.'}
          </p>
        </div>
      ) : null}
      {state.kind === 'failed' ? (
        <p className="mspn-rotate__error" role="alert">
          {state.message}
        </p>
      ) : null}
    </div>
  )
}
