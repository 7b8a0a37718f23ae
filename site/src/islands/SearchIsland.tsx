/**
 * The search page's form and results. The server renders it with the answer already in it, so
 * the page works without JavaScript (a GET form, links for the next pages). Hydrated, it answers
 * as the visitor types: from the CMS's search API (server build), or from the prebuilt index the
 * static export ships (`/search-index.json`, searched here with the same engine settings as the CMS).
 * Snippets are HTML from the search answer; only escaped text with `<mark>` is ever inserted.
 */
import { useEffect, useId, useRef, useState } from 'react'

import type { SearchAnswer, SearchEngine, SearchType } from '@mspn/contract/search'

import {
  RESULTS_PER_PAGE,
  typeLabel,
  TYPES,
  isSafeSnippet,
  searchQuery,
  searchRequestOf,
  type SearchRequest,
} from '../search/searchRequest.ts'

export interface SearchIslandProps {
  mode: 'server' | 'static'
  /** CMS origin as the browser reaches it (server build). */
  cmsUrl: string
  /** Where the static export's index is (static build). */
  indexUrl: string
  request: SearchRequest
  /** The server's answer for `request` (server build), or null. */
  answer: SearchAnswer | null
  /** Shown instead of results when the server could not search. */
  error: string | null
}

const DEBOUNCE_MS = 150

/** Hits whose snippets are not what the page may insert as HTML are dropped, not shown raw. */
function checked(answer: SearchAnswer): SearchAnswer {
  return { ...answer, hits: answer.hits.filter((hit) => isSafeSnippet(hit.snippet) && hit.url.startsWith('/')) }
}

function isAnswer(value: unknown): value is SearchAnswer {
  if (typeof value !== 'object' || value === null) return false
  const answer = value as Partial<SearchAnswer>
  return Array.isArray(answer.hits) && typeof answer.total === 'number' && typeof answer.facets === 'object'
}

let staticEngine: Promise<{ engine: SearchEngine; run: typeof import('@mspn/contract/search').runSearch }> | undefined

/** Loads the engine code and the prebuilt index once, on the first search. */
function loadStaticEngine(indexUrl: string) {
  staticEngine ??= (async () => {
    const [search, response] = await Promise.all([import('@mspn/contract/search'), fetch(indexUrl)])
    if (!response.ok) throw new Error(`search index: HTTP ${response.status}`)
    return { engine: search.loadSearchEngine(await response.text()), run: search.runSearch }
  })()
  staticEngine.catch(() => (staticEngine = undefined))
  return staticEngine
}

async function answerFor(props: SearchIslandProps, request: SearchRequest, signal: AbortSignal): Promise<SearchAnswer> {
  if (props.mode === 'static') {
    const { engine, run } = await loadStaticEngine(props.indexUrl)
    return run(engine, { ...request, limit: RESULTS_PER_PAGE })
  }
  const response = await fetch(`${props.cmsUrl.replace(/\/+$/, '')}/api/v1/search?${searchQuery(request)}`, {
    signal,
    headers: { accept: 'application/json' },
  })
  const body: unknown = await response.json()
  if (!response.ok || !isAnswer(body)) throw new Error(`search: HTTP ${response.status}`)
  return body
}

const pageHref = (request: SearchRequest, page: number) => `/search?${searchQuery({ ...request, page })}`

export default function SearchIsland(props: SearchIslandProps) {
  const id = useId()
  const [request, setRequest] = useState<SearchRequest>(props.request)
  const [answer, setAnswer] = useState<SearchAnswer | null>(props.answer ? checked(props.answer) : null)
  const [error, setError] = useState<string | null>(props.error)
  const [busy, setBusy] = useState(false)
  const latest = useRef<AbortController | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  function run(next: SearchRequest, delay: number) {
    setRequest(next)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      latest.current?.abort()
      const controller = new AbortController()
      latest.current = controller
      const url = next.q ? `/search?${searchQuery(next)}` : '/search'
      window.history.replaceState(null, '', url)
      if (!next.q) {
        setAnswer(null)
        setError(null)
        return
      }
      setBusy(true)
      answerFor(props, next, controller.signal).then(
        (result) => {
          if (controller.signal.aborted) return
          setAnswer(checked(result))
          setError(null)
          setBusy(false)
        },
        () => {
          if (controller.signal.aborted) return
          setError('Search is unavailable just now. Please try again in a minute.')
          setBusy(false)
        },
      )
    }, delay)
  }

  // The static export's page is the same file for every query: read it from the address.
  useEffect(() => {
    if (props.mode !== 'static') return
    const fromUrl = searchRequestOf(new URLSearchParams(window.location.search))
    if (fromUrl.q) run(fromUrl, 0)
    return () => clearTimeout(timer.current)
  }, [])

  const hits = answer?.hits ?? []
  const facets = answer?.facets
  const status = busy
    ? 'Searching…'
    : error
      ? error
      : !request.q
        ? ''
        : answer && answer.total === 0
          ? `No results for “${request.q}”.`
          : answer
            ? `${answer.total} ${answer.total === 1 ? 'result' : 'results'} for “${answer.query}”.`
            : ''

  return (
    <div className="search">
      <form
        className="search-form"
        role="search"
        action="/search"
        method="get"
        onSubmit={(event) => {
          event.preventDefault()
          run({ ...request, page: 1 }, 0)
        }}
      >
        <label htmlFor={`${id}-q`} className="search-label">
          Search the site
        </label>
        <div className="search-row">
          <input
            id={`${id}-q`}
            type="search"
            name="q"
            value={request.q}
            maxLength={200}
            placeholder="Search pages, posts, services, projects, demos"
            autoComplete="off"
            onChange={(event) => run({ ...request, q: event.currentTarget.value, page: 1 }, DEBOUNCE_MS)}
          />
          <button type="submit" className="button button--primary">
            Search
          </button>
        </div>
        <fieldset className="search-types chips">
          <legend className="visually-hidden">Show</legend>
          {[null, ...TYPES].map((type: SearchType | null) => (
            <label className="search-type">
              <input
                type="radio"
                name="type"
                value={type ?? ''}
                checked={request.type === type}
                onChange={() => run({ ...request, type, page: 1 }, 0)}
              />
              <span>
                {type ? typeLabel(type) : 'All'}
                {facets && request.q ? (
                  <span className="search-count">
                    {' '}
                    ({type ? facets[type] : Object.values(facets).reduce((sum, count) => sum + count, 0)})
                  </span>
                ) : null}
              </span>
            </label>
          ))}
        </fieldset>
      </form>
      <p className="search-status" role="status" aria-live="polite">
        {status}
      </p>
      {hits.length > 0 ? (
        <ol className="search-results">
          {hits.map((hit) => (
            <li className="search-hit" key={`${hit.type}:${hit.id}`}>
              <span className="search-hit-type">{typeLabel(hit.type)}</span>
              <h2 className="search-hit-title">
                <a href={hit.url}>{hit.title}</a>
              </h2>
              {hit.snippet ? <p className="search-snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} /> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {answer && answer.totalPages > 1 ? (
        <nav className="pagination" aria-label="Result pages">
          <ul>
            {answer.page > 1 ? (
              <li>
                <a
                  href={pageHref(request, answer.page - 1)}
                  rel="prev"
                  onClick={(event) => {
                    event.preventDefault()
                    run({ ...request, page: answer.page - 1 }, 0)
                  }}
                >
                  Previous
                </a>
              </li>
            ) : null}
            <li>
              <span>
                Page {answer.page} of {answer.totalPages}
              </span>
            </li>
            {answer.page < answer.totalPages ? (
              <li>
                <a
                  href={pageHref(request, answer.page + 1)}
                  rel="next"
                  onClick={(event) => {
                    event.preventDefault()
                    run({ ...request, page: answer.page + 1 }, 0)
                  }}
                >
                  Next
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  )
}
