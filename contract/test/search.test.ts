/**
 * Site search: the relevance suite (fixed documents, fixed queries, expected top results: it
 * guards the ranking when the engine's settings change), snippet escaping and the text taken
 * from documents and Lexical rich text.
 */
import { describe, expect, it } from 'vitest'

import {
  createSearchEngine,
  documentUrl,
  escapeHtml,
  highlight,
  lexicalText,
  loadSearchEngine,
  queryTerms,
  removeDocument,
  runSearch,
  searchDocumentOf,
  upsertDocument,
  type SearchEngine,
  type SearchType,
} from '../src/search'

const rich = (...paragraphs: string[]) => ({
  root: {
    type: 'root',
    children: paragraphs.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] })),
  },
})

/** The fixture site: a small studio's content, written so each query below has one right answer. */
const FIXTURES: Array<[SearchType, Record<string, unknown>]> = [
  [
    'services',
    {
      id: 1,
      slug: 'kubernetes-consulting',
      title: 'Kubernetes consulting',
      summary: 'Clusters that stay up: design, migration and on-call for container platforms.',
      body: rich('We move workloads to managed clusters and teach your team to run them.'),
      features: [{ feature: 'Helm charts' }, { feature: 'GitOps pipelines' }],
    },
  ],
  [
    'services',
    {
      id: 2,
      slug: 'web-development',
      title: 'Web development',
      summary: 'Fast websites and web apps, from the first sketch to production.',
      body: rich('Astro, React and TypeScript; accessible by default. We also deploy to Kubernetes when asked.'),
    },
  ],
  [
    'posts',
    {
      id: 10,
      slug: 'typescript-generics',
      title: 'A practical guide to TypeScript generics',
      excerpt: 'Type parameters without the headache.',
      content: rich('Generics let one function work over many types while keeping them checked.'),
    },
  ],
  [
    'posts',
    {
      id: 11,
      slug: 'migrating-postgres',
      title: 'Migrating from MySQL to PostgreSQL',
      excerpt: 'What broke, what got faster, and the scripts we used.',
      content: rich('Sequences, collations and JSON columns were the interesting parts of the database move.'),
    },
  ],
  [
    'posts',
    {
      id: 12,
      slug: 'performance-budgets',
      title: 'Performance budgets that hold',
      excerpt: 'Keep pages fast after launch.',
      content: rich('A budget for JavaScript, images and fonts, checked in CI on every pull request.'),
    },
  ],
  [
    'projects',
    {
      id: 20,
      slug: 'harbour-logistics',
      title: 'Harbour Logistics platform',
      summary: 'Container tracking for a port operator.',
      client: 'Harbour Logistics',
      body: rich('Real-time positions of every container on the quay, built on PostgreSQL and Kubernetes.'),
      results: [{ value: '3×', label: 'faster unloading' }],
    },
  ],
  [
    'demos',
    {
      id: 30,
      slug: 'cost-estimator',
      title: 'Cost estimator',
      summary: 'Estimate the price of a web project in a minute.',
      settings: { currency: 'EUR' },
    },
  ],
  [
    'pages',
    {
      id: 40,
      slug: 'about',
      title: 'About the studio',
      seo: { description: 'Who we are and how we work.' },
      layout: [
        {
          blockType: 'hero',
          heading: 'A small studio for careful software',
          subheading: 'Based in Lisbon since 2015.',
        },
        {
          blockType: 'faq',
          items: [{ question: 'Do you work remotely?', answer: 'Yes, with clients across Europe.' }],
        },
      ],
    },
  ],
]

function fixtureEngine(): SearchEngine {
  const engine = createSearchEngine()
  for (const [type, doc] of FIXTURES) {
    const searchDoc = searchDocumentOf(type, doc)
    if (!searchDoc) throw new Error(`fixture ${type}:${String(doc.id)} is not searchable`)
    upsertDocument(engine, searchDoc)
  }
  return engine
}

/** The first hit of a search (fails the test when there is none). */
function firstHit(engine: SearchEngine, params: Parameters<typeof runSearch>[1]) {
  const hit = runSearch(engine, params).hits[0]
  if (!hit) throw new Error(`no hit for ${params.q}`)
  return hit
}

const top = (engine: SearchEngine, q: string, type?: SearchType) =>
  runSearch(engine, { q, type }).hits.map((hit) => `${hit.type}:${hit.id}`)

describe('relevance suite', () => {
  const engine = fixtureEngine()

  // [query, expected first results in order]
  const CASES: Array<[string, string[]]> = [
    // A title match outranks body mentions of the same word (web development, the project).
    ['kubernetes', ['services:1']],
    // Typo: one letter swapped.
    ['kubernetse', ['services:1']],
    // Typo inside a multi-word query.
    ['typescrpt generics', ['posts:10']],
    // Prefix: search as you type.
    ['postgr', ['posts:11', 'projects:20']],
    ['perf', ['posts:12']],
    // Summary (excerpt) words rank the document that has them there.
    ['headache', ['posts:10']],
    // Body text of rich text, and prose inside page blocks.
    ['collations', ['posts:11']],
    ['lisbon', ['pages:40']],
    ['remotely', ['pages:40']],
    // Array rows (service features, project results).
    ['gitops', ['services:1']],
    ['unloading', ['projects:20']],
    // Accents and case are folded.
    ['HÁRBOUR', ['projects:20']],
    // All words must match when some document has them all.
    ['container port', ['projects:20']],
  ]

  it.each(CASES)('%s → %j first', (query, expected) => {
    expect(top(engine, query).slice(0, expected.length)).toEqual(expected)
  })

  it('falls back to any word when no document has them all', () => {
    expect(top(engine, 'generics unicornword')).toEqual(['posts:10'])
  })

  it('filters by type and still counts every type in the facets', () => {
    const answer = runSearch(engine, { q: 'kubernetes', type: 'projects' })
    expect(answer.hits.map((hit) => hit.id)).toEqual(['20'])
    expect(answer.total).toBe(1)
    expect(answer.facets).toEqual({ pages: 0, posts: 0, services: 2, projects: 1, demos: 0 })
  })

  it('pages the hits', () => {
    const all = top(engine, 'kubernetes')
    expect(all).toHaveLength(3)
    const second = runSearch(engine, { q: 'kubernetes', limit: 2, page: 2 })
    expect(second.hits.map((hit) => `${hit.type}:${hit.id}`)).toEqual(all.slice(2))
    expect(second).toMatchObject({ total: 3, totalPages: 2, page: 2, limit: 2 })
  })

  it('answers links to the site routes of the registry', () => {
    const hit = firstHit(engine, { q: 'lisbon' })
    expect(hit.url).toBe('/about')
    expect(firstHit(engine, { q: 'generics' }).url).toBe('/blog/typescript-generics')
    expect(documentUrl('pages', 'home')).toBe('/')
    expect(documentUrl('projects', 'a b')).toBe('/projects/a%20b')
  })

  it('forgets a removed document and sees a replaced one', () => {
    const local = fixtureEngine()
    expect(removeDocument(local, 'posts:11')).toBe(true)
    expect(top(local, 'collations')).toEqual([])
    const renamed = searchDocumentOf('posts', { ...FIXTURES[2]?.[1], title: 'Zebra crossings' })
    if (renamed) upsertDocument(local, renamed)
    expect(top(local, 'zebra')).toEqual(['posts:10'])
    expect(removeDocument(local, 'posts:999')).toBe(false)
  })

  it('gives the same answers after a JSON round trip (the static export)', () => {
    const loaded = loadSearchEngine(JSON.stringify(engine))
    for (const [query] of CASES) expect(top(loaded, query)).toEqual(top(engine, query))
  })

  it('survives hostile queries: regex syntax, markup, control characters, huge input', () => {
    for (const q of [
      '.*',
      '(((',
      '[a-z]+$',
      '<script>alert(1)</script>',
      '\u0000\u202e',
      '🙂'.repeat(500),
      'a'.repeat(10_000),
      '   ',
    ]) {
      const answer = runSearch(engine, { q })
      expect(Array.isArray(answer.hits)).toBe(true)
      expect(answer.query.length).toBeLessThanOrEqual(200)
    }
    // Markup in a query is just its words.
    expect(top(engine, '<scripts>')).toEqual(top(engine, 'scripts'))
    expect(queryTerms('one two three four five six seven eight nine ten eleven twelve thirteen')).toHaveLength(12)
  })
})

describe('snippets', () => {
  it('escapes the text and marks matched words only', () => {
    const html = highlight('Use <b>bold</b> & "quotes" with Kubernetes\' API', new Set(['kubernetes', 'b']))
    expect(html).toBe(
      'Use &lt;<mark>b</mark>&gt;bold&lt;/<mark>b</mark>&gt; &amp; &quot;quotes&quot; with <mark>Kubernetes</mark>&#39; API',
    )
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;')
  })

  it('never lets document text become markup in a search answer', () => {
    const engine = createSearchEngine()
    const doc = searchDocumentOf('posts', {
      id: 1,
      slug: 'x',
      title: 'Markup <img src=x onerror=alert(1)>',
      excerpt: 'The <img> tag and onerror handlers',
      content: rich('Never trust <script>onerror</script> in content.'),
    })
    if (doc) upsertDocument(engine, doc)
    const hit = firstHit(engine, { q: 'onerror' })
    expect(hit.snippet).toBe('Never trust &lt;script&gt;<mark>onerror</mark>&lt;/script&gt; in content.')
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
  })

  it('centres a long text on the first match, with ellipses', () => {
    const text = `${'lorem ipsum '.repeat(40)}the needle is here ${'dolor sit '.repeat(40)}`
    const html = highlight(text, new Set(['needle']), 100)
    expect(html.startsWith('…')).toBe(true)
    expect(html.endsWith('…')).toBe(true)
    expect(html).toContain('<mark>needle</mark>')
    expect(html.length).toBeLessThan(130)
  })

  it('marks the words of the document a prefix or typo matched, and accents alike', () => {
    const engine = fixtureEngine()
    expect(firstHit(engine, { q: 'kubernetse', type: 'projects' }).snippet).toContain('<mark>Kubernetes</mark>')
    expect(firstHit(engine, { q: 'unload' }).snippet).toContain('<mark>unloading</mark>')
    expect(highlight('Café culture', new Set(['cafe']))).toBe('<mark>Café</mark> culture')
  })

  it('are the same as those of a plain reading of every word (random texts, windows and matches)', () => {
    // The snippet's reference: every word read and normalised up front, as simply as it can be put.
    const fold = (word: string) =>
      word
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
    const reference = (text: string, terms: ReadonlySet<string>, maxChars: number) => {
      const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)]
      const first = words.find((word) => terms.has(fold(word[0])))
      let start = 0
      if (first && first.index > maxChars / 3)
        start = words.find((word) => word.index >= first.index - Math.floor(maxChars / 3))!.index
      let end = Math.min(text.length, start + maxChars)
      if (end < text.length && text.lastIndexOf(' ', end) > start) end = text.lastIndexOf(' ', end)
      let html = start > 0 ? '…' : ''
      let at = start
      for (const word of words) {
        if (word.index < start || !terms.has(fold(word[0]))) continue
        if (word.index + word[0].length > end) break
        html += `${escapeHtml(text.slice(at, word.index))}<mark>${escapeHtml(word[0])}</mark>`
        at = word.index + word[0].length
      }
      html += escapeHtml(text.slice(at, end))
      return end < text.length ? `${html.trimEnd()}…` : html
    }
    let seed = 7
    const rand = () => {
      seed = (seed * 48271) % 2147483647
      return seed / 2147483647
    }
    const pieces = [
      'Café',
      'cafe',
      'CAFÉ',
      'naïve',
      'Łódź',
      'straße',
      'İstanbul',
      'x2',
      '<b>',
      '&',
      ' ',
      '  ',
      ', ',
      '. ',
      '—',
    ]
    const vocabulary = ['cache', 'design', 'release', ...pieces]
    for (let run = 0; run < 300; run += 1) {
      const text = Array.from({ length: Math.floor(rand() * 400) }, () => {
        const piece = vocabulary[Math.floor(rand() * vocabulary.length)]!
        return rand() < 0.7 ? `${piece} ` : piece
      }).join('')
      const terms = new Set(['cafe', 'design', 'lodz', 'naive'].filter(() => rand() < 0.5))
      const maxChars = 20 + Math.floor(rand() * 200)
      expect(highlight(text, terms, maxChars), `run ${run}`).toBe(reference(text, terms, maxChars))
    }
  })
})

describe('text extraction', () => {
  it('takes the text of Lexical nodes, separating blocks and line breaks', () => {
    const state = {
      root: {
        type: 'root',
        children: [
          { type: 'heading', tag: 'h2', children: [{ type: 'text', text: 'Title' }] },
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: 'one' },
              { type: 'linebreak' },
              { type: 'link', fields: { url: 'https://x.test' }, children: [{ type: 'text', text: 'two' }] },
            ],
          },
          { type: 'list', children: [{ type: 'listitem', children: [{ type: 'text', text: 'three' }] }] },
          { type: 'upload', value: { alt: 'not text' } },
        ],
      },
    }
    expect(lexicalText(state)).toBe('Title one two three')
  })

  it('gives nothing for values that are not an editor state, and bounds hostile ones', () => {
    expect(lexicalText(null)).toBe('')
    expect(lexicalText('text')).toBe('')
    expect(lexicalText({ root: { type: 'paragraph' } })).toBe('')
    let deep: Record<string, unknown> = { type: 'text', text: 'bottom' }
    for (let i = 0; i < 10_000; i += 1) deep = { type: 'paragraph', children: [deep] }
    expect(lexicalText({ root: { type: 'root', children: [deep] } })).toBe('')
    expect(lexicalText(rich('x'.repeat(50_000)), 100)).toHaveLength(100)
  })

  it('indexes title, summary (summary, excerpt or SEO description) and prose; not ids, choices, settings or SEO', () => {
    const doc = searchDocumentOf('projects', {
      id: 7,
      slug: 'p',
      title: '  Spaced   title ',
      summary: 'The summary',
      industry: 'Retail',
      year: 2024,
      featured: true,
      stack: ['should-not-appear'],
      links: [{ label: 'Case study', url: 'https://secret.example' }],
      seo: { title: 'SEO only', description: 'SEO description' },
      authorName: 'Not prose',
    })
    expect(doc).toEqual({
      key: 'projects:7',
      type: 'projects',
      id: '7',
      title: 'Spaced title',
      url: '/projects/p',
      summary: 'The summary',
      body: 'Retail Case study',
    })
    expect(searchDocumentOf('pages', { id: 1, slug: 'x', title: 'T', seo: { description: 'From SEO' } })?.summary).toBe(
      'From SEO',
    )
    expect(searchDocumentOf('posts', { id: 1, title: 'No slug' })).toBeNull()
    expect(searchDocumentOf('posts', { id: 1, slug: 's', title: '' })).toBeNull()
  })
})
