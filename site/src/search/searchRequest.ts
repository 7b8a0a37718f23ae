/**
 * A search as the page and its island ask for it (`/search?q=&type=&page=`), and what both
 * show. No zod and no search engine here: the island imports this module into the browser.
 */
import { SEARCH_LIMITS, SEARCH_TYPES, type SearchType } from '@mspn/contract/search'

/** Escaped text and `<mark>`/`</mark>`, nothing else: no other tag, no raw `<` or `>`. */
export const SAFE_SNIPPET = /^(?:[^<>]|<mark>|<\/mark>)*$/

export const isSafeSnippet = (snippet: unknown): snippet is string =>
  typeof snippet === 'string' && SAFE_SNIPPET.test(snippet)

/** What a visitor asked for, from the page's query string (`?q=&type=&page=`), cleaned. */
export interface SearchRequest {
  q: string
  type: SearchType | null
  page: number
}

export function searchRequestOf(params: URLSearchParams): SearchRequest {
  const q = (params.get('q') ?? '').trim().slice(0, SEARCH_LIMITS.maxQueryChars)
  const rawType = params.get('type')
  const type = SEARCH_TYPES.find((slug) => slug === rawType) ?? null
  const page = Number(params.get('page'))
  return {
    q,
    type,
    page: Number.isInteger(page) && page >= 1 && page <= SEARCH_LIMITS.maxPage ? page : 1,
  }
}

/** Query string of a search page or API call. */
export function searchQuery({ q, type, page }: SearchRequest, limit?: number): string {
  const params = new URLSearchParams({ q })
  if (type) params.set('type', type)
  if (page > 1) params.set('page', String(page))
  if (limit) params.set('limit', String(limit))
  return params.toString()
}

/** Labels of the type filter where the slug alone reads badly; any other type is named after its slug. */
const LABEL_OVERRIDES: Partial<Record<SearchType, string>> = { posts: 'Blog posts' }

/** The type filter's label: `case-studies` → "Case studies" unless overridden above. */
export function typeLabel(type: SearchType): string {
  const words = type.replace(/[-_]+/g, ' ')
  return LABEL_OVERRIDES[type] ?? words.charAt(0).toUpperCase() + words.slice(1)
}

export const RESULTS_PER_PAGE = SEARCH_LIMITS.defaultLimit

/** The searchable types, in registry order. */
export const TYPES: readonly SearchType[] = SEARCH_TYPES
