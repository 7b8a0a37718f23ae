/**
 * API explorer: sends a real request from the visitor's browser to this CMS's public REST API
 * and shows what came back: status, time, size, X-Request-Id and X-Cache, and the JSON as text.
 * Only the collections in the demo's settings can be asked for (see lib/explorer.ts).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react'

import {
  ExplorerError,
  MAX_LIMIT,
  buildExplorerUrl,
  displayUrl,
  formatBytes,
  pageInfo,
  prettyJson,
  retryAfterSeconds,
} from './lib/explorer.ts'
import { parseExplorerSettings } from './lib/settings.ts'

interface Props {
  settings: Record<string, unknown> | null
  cmsUrl: string
}

interface Answer {
  url: string
  status: number
  statusText: string
  ms: number
  bytes: number
  requestId: string | null
  cache: string | null
  json: string
  page: ReturnType<typeof pageInfo>
}

type State =
  | { phase: 'idle' }
  | { phase: 'loading'; url: string }
  | { phase: 'done'; answer: Answer }
  | { phase: 'failed'; message: string; url?: string }

const TIMEOUT_MS = 10_000
/** After a 429 whose Retry-After the browser may not read (CORS), wait at least this long. */
const DEFAULT_COOLDOWN_S = 30

export default function ApiExplorer({ settings, cmsUrl }: Props) {
  const config = useMemo(() => parseExplorerSettings(settings), [settings])
  const id = useId()
  const [collection, setCollection] = useState(config.collections[0] ?? 'posts')
  const [limit, setLimit] = useState(config.defaultLimit)
  const [selectFields, setSelectFields] = useState(true)
  const [state, setState] = useState<State>({ phase: 'idle' })
  const [cooldownUntil, setCooldownUntil] = useState(0)
  const [now, setNow] = useState(0)
  const inFlight = useRef<AbortController | null>(null)

  // Ticks once a second only while a 429 cool-down runs, to count it down on the button.
  useEffect(() => {
    if (cooldownUntil <= Date.now()) return
    setNow(Date.now())
    const timer = setInterval(() => {
      setNow(Date.now())
      if (Date.now() >= cooldownUntil) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [cooldownUntil])
  useEffect(() => () => inFlight.current?.abort(), [])

  const waitSeconds = Math.max(0, Math.ceil((cooldownUntil - now) / 1000))
  let preview = ''
  try {
    preview = displayUrl(buildExplorerUrl(cmsUrl, { collection, limit, selectFields }, config.collections))
  } catch (error) {
    preview = error instanceof ExplorerError ? error.message : 'Invalid request'
  }

  async function send(page = 1) {
    let url: string
    try {
      url = buildExplorerUrl(cmsUrl, { collection, limit, page, selectFields }, config.collections)
    } catch (error) {
      setState({ phase: 'failed', message: error instanceof Error ? error.message : 'This request cannot be made.' })
      return
    }
    inFlight.current?.abort()
    const controller = new AbortController()
    inFlight.current = controller
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, TIMEOUT_MS)
    setState({ phase: 'loading', url })
    const started = performance.now()
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
      })
      const text = await response.text()
      const ms = Math.round(performance.now() - started)
      if (controller.signal.aborted) return
      if (response.status === 429) {
        const seconds = retryAfterSeconds(response.headers.get('retry-after')) ?? DEFAULT_COOLDOWN_S
        setCooldownUntil(Date.now() + seconds * 1000)
      }
      let parsed: unknown = null
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = null
      }
      setState({
        phase: 'done',
        answer: {
          url,
          status: response.status,
          statusText: response.statusText,
          ms,
          bytes: new TextEncoder().encode(text).length,
          requestId: response.headers.get('x-request-id'),
          cache: response.headers.get('x-cache'),
          json: prettyJson(text),
          page: pageInfo(parsed),
        },
      })
    } catch {
      if (inFlight.current !== controller) return // a newer request replaced this one
      setState({
        phase: 'failed',
        url,
        message: timedOut
          ? `No answer within ${TIMEOUT_MS / 1000} seconds. The CMS may be busy; please try again.`
          : 'The browser could not reach the CMS API. It may be offline, or not allow requests from this site (CORS).',
      })
    } finally {
      clearTimeout(timer)
      if (inFlight.current === controller) inFlight.current = null
    }
  }

  const loading = state.phase === 'loading'
  const answer = state.phase === 'done' ? state.answer : null
  const pages = answer?.page ?? null

  return (
    <div className="demo demo--explorer">
      <form
        className="demo__controls demo__controls--inline"
        aria-label="Build an API request"
        onSubmit={(event) => {
          event.preventDefault()
          void send(1)
        }}
      >
        <div className="demo__field">
          <label htmlFor={`${id}-collection`}>Collection</label>
          <select id={`${id}-collection`} value={collection} onChange={(event) => setCollection(event.target.value)}>
            {config.collections.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="demo__field">
          <label htmlFor={`${id}-limit`}>Limit</label>
          <input
            id={`${id}-limit`}
            type="number"
            min={1}
            max={MAX_LIMIT}
            value={limit}
            onChange={(event) =>
              setLimit(Math.min(MAX_LIMIT, Math.max(1, Math.trunc(Number(event.target.value)) || 1)))
            }
          />
        </div>
        <label className="demo__check">
          <input type="checkbox" checked={selectFields} onChange={(event) => setSelectFields(event.target.checked)} />
          <span>Only summary fields (select)</span>
        </label>
        <button type="submit" className="button button--primary" disabled={loading || waitSeconds > 0}>
          {loading ? 'Sending…' : waitSeconds > 0 ? `Wait ${waitSeconds} s` : 'Send request'}
        </button>
      </form>

      <p className="demo__request">
        <span className="demo__method">GET</span> <code>{preview}</code>
      </p>

      <div className="demo__response" aria-live="polite" aria-busy={loading}>
        {state.phase === 'idle' && <p className="demo__empty">Send a request to see the CMS answer.</p>}
        {loading && <p className="demo__empty">Waiting for the CMS…</p>}
        {state.phase === 'failed' && (
          <p className="demo__error" role="alert">
            {state.message}
          </p>
        )}
        {answer && (
          <>
            <dl className="demo__facts demo__facts--compact">
              <div>
                <dt>Status</dt>
                <dd className={answer.status < 400 ? 'demo__ok' : 'demo__bad'}>
                  {answer.status} {answer.statusText}
                </dd>
              </div>
              <div>
                <dt>Time</dt>
                <dd>{answer.ms} ms</dd>
              </div>
              <div>
                <dt>Size</dt>
                <dd>{formatBytes(answer.bytes)}</dd>
              </div>
              <div>
                <dt>X-Cache</dt>
                <dd>
                  {answer.cache ?? <span title="The CMS did not expose this header to the browser">not exposed</span>}
                </dd>
              </div>
              <div>
                <dt>X-Request-Id</dt>
                <dd>
                  <code>{answer.requestId ?? 'not exposed'}</code>
                </dd>
              </div>
            </dl>
            {answer.status === 429 && (
              <p className="demo__error" role="alert">
                The CMS is rate limiting this address. That is the API protecting itself; the button unlocks when it is
                safe to try again.
              </p>
            )}
            {answer.status >= 500 && (
              <p className="demo__error">The CMS had a problem answering. Please try again in a moment.</p>
            )}
            {pages && pages.totalPages > 1 && (
              <nav className="demo__pager" aria-label="Result pages">
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={loading || pages.page <= 1}
                  onClick={() => void send(pages.page - 1)}
                >
                  Previous
                </button>
                <span>
                  Page {pages.page} of {pages.totalPages} ({pages.totalDocs} documents)
                </span>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={loading || waitSeconds > 0 || pages.page >= pages.totalPages}
                  onClick={() => void send(pages.page + 1)}
                >
                  Next
                </button>
              </nav>
            )}
            <pre className="demo__json" tabIndex={0} aria-label="Response body">
              <code>{answer.json}</code>
            </pre>
          </>
        )}
      </div>
    </div>
  )
}
