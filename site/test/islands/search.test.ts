/**
 * The search island as the server renders it (what a visitor without JavaScript gets): a GET
 * form that keeps the query and type, the hits with their snippets as HTML, page links that
 * keep the query; and the page's request parsing. Snippets that are anything but escaped text
 * and <mark> are never inserted.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

import { SEARCH_TYPES, type SearchAnswer } from '@mspn/contract/search'

import SearchIsland, { type SearchIslandProps } from '../../src/islands/SearchIsland.tsx'
import { searchAnswerSchema } from '../../src/search/searchAnswer.ts'
import { isSafeSnippet, searchQuery, searchRequestOf } from '../../src/search/searchRequest.ts'

const answer: SearchAnswer = {
  query: 'kubernetes',
  type: null,
  hits: [
    {
      type: 'services',
      id: '1',
      title: 'Cloud & platform <engineering>',
      url: '/services/cloud',
      snippet: 'We run <mark>Kubernetes</mark> &amp; more &lt;b&gt;',
      score: 12.5,
    },
    {
      type: 'posts',
      id: '2',
      title: 'Bad snippet',
      url: '/blog/bad',
      snippet: '<img src=x onerror=alert(1)>',
      score: 3,
    },
  ],
  total: 14,
  page: 1,
  limit: 10,
  totalPages: 2,
  // Every searchable type has a count, including collections added later (the scaffold's test adds one).
  facets: Object.fromEntries(
    SEARCH_TYPES.map((type) => [type, ({ posts: 4, services: 6, projects: 4 } as Record<string, number>)[type] ?? 0]),
  ) as SearchAnswer['facets'],
}

const render = (props: Partial<SearchIslandProps>) =>
  renderToStaticMarkup(
    createElement(SearchIsland, {
      mode: 'server',
      cmsUrl: 'http://cms.test',
      indexUrl: '/search-index.json',
      request: { q: 'kubernetes', type: null, page: 1 },
      answer,
      error: null,
      ...props,
    }),
  )

describe('SearchIsland (server render, no JavaScript)', () => {
  const html = render({})

  it('is a GET form to /search that keeps the query and offers every type with its count', () => {
    expect(html).toMatch(/<form[^>]*action="\/search"[^>]*method="get"|<form[^>]*method="get"[^>]*action="\/search"/)
    expect(html).toMatch(/<input[^>]*type="search"[^>]*name="q"[^>]*value="kubernetes"/)
    const radios = [...html.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map((m) => m[0])
    expect(radios.every((tag) => tag.includes('name="type"'))).toBe(true)
    expect(radios.map((tag) => /value="([^"]*)"/.exec(tag)?.[1] ?? '')).toEqual([
      '',
      'pages',
      'posts',
      'services',
      'projects',
      'demos',
    ])
    expect(radios.map((tag) => tag.includes('checked'))).toEqual([true, false, false, false, false, false])
    expect(html).toContain('Services<span class="search-count"> (6)</span>')
    expect(html).toContain('All<span class="search-count"> (14)</span>')
    expect(html).toContain('14 results for “kubernetes”.')
  })

  it('shows safe snippets as HTML, escapes titles, and drops unsafe snippets', () => {
    expect(html).toContain('<a href="/services/cloud">Cloud &amp; platform &lt;engineering></a>')
    expect(html).toContain('<p class="search-snippet">We run <mark>Kubernetes</mark> &amp; more &lt;b&gt;</p>')
    expect(html).not.toContain('onerror')
    expect(html).not.toContain('Bad snippet')
  })

  it('links the next page with the same query and type', () => {
    const typed = render({ request: { q: 'a b', type: 'posts', page: 1 }, answer: { ...answer, type: 'posts' } })
    expect(typed).toContain('href="/search?q=a+b&amp;type=posts&amp;page=2"')
    expect(typed).toMatch(/<input[^>]*value="posts"[^>]*checked/)
  })

  it('says when nothing matched, or when search failed', () => {
    expect(render({ answer: { ...answer, hits: [], total: 0, totalPages: 0 } })).toContain(
      'No results for “kubernetes”.',
    )
    expect(render({ answer: null, error: 'Search is unavailable just now.' })).toContain(
      'Search is unavailable just now.',
    )
  })

  it('renders only the form for the static export (the browser searches the prebuilt index)', () => {
    const form = render({ mode: 'static', request: { q: '', type: null, page: 1 }, answer: null })
    expect(form).toContain('<form')
    expect(form).not.toContain('search-results')
  })
})

describe('search requests', () => {
  it('reads q, type and page, dropping what is not valid', () => {
    expect(searchRequestOf(new URLSearchParams('q=%20hello%20&type=posts&page=3'))).toEqual({
      q: 'hello',
      type: 'posts',
      page: 3,
    })
    expect(searchRequestOf(new URLSearchParams('q=x&type=users&page=-1'))).toEqual({ q: 'x', type: null, page: 1 })
    expect(searchRequestOf(new URLSearchParams(`q=${'a'.repeat(500)}&page=1e9`)).q).toHaveLength(200)
    expect(searchQuery({ q: 'a&b', type: null, page: 1 }, 10)).toBe('q=a%26b&limit=10')
  })

  it('accepts escaped text with <mark> only as a snippet', () => {
    expect(isSafeSnippet('a <mark>b</mark> &lt;c&gt;')).toBe(true)
    expect(isSafeSnippet('<mark onclick="x">b</mark>')).toBe(false)
    expect(isSafeSnippet('<script>')).toBe(false)
    expect(isSafeSnippet('a > b')).toBe(false)
    expect(searchAnswerSchema.safeParse(answer).success).toBe(false)
    expect(searchAnswerSchema.safeParse({ ...answer, hits: answer.hits.slice(0, 1) }).success).toBe(true)
  })
})
