/**
 * The islands as the server renders them (what visitors see before hydration, and what
 * hydration must match): each kind renders, bad settings fall back instead of crashing, and
 * CMS-provided text is escaped.
 */
// 'react' is Preact's compat layer here, as in the browser (see vitest.config.ts).
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

import DemoIsland, { type DemoIslandProps } from '../../src/islands/DemoIsland.tsx'

const render = (props: DemoIslandProps) => renderToStaticMarkup(createElement(DemoIsland, props))
const cmsUrl = 'http://127.0.0.1:3000'

describe('DemoIsland', () => {
  it('renders the cost estimator from its settings with labelled controls', () => {
    const html = render({
      kind: 'cost-estimator',
      settings: { currency: 'EUR', dayRate: 720, features: { auth: 6, payments: 8, mobile: 20 } },
      cmsUrl,
    })
    expect(html).toContain('Auth')
    expect(html).toContain('Payments')
    expect(html).toMatch(/<label for="[^"]+-team">Team size<\/label>/)
    expect(html).toContain('Day rate (EUR)')
    // auth + payments are chosen to start: (14 × 1.2 + 3) × 1.16 × 720 ≈ €16,500
    expect(html).toMatch(/€\d{2},\d00 – €\d{2},\d00/)
    expect(html).toContain('Team shape')
  })

  it('renders the API explorer for allowed collections only', () => {
    const html = render({
      kind: 'api-explorer',
      settings: { collections: ['posts', 'users', 'services'], defaultLimit: 2 },
      cmsUrl,
    })
    expect(html).toMatch(/<option [^>]*value="posts"[^>]*>posts<\/option>/)
    expect(html).toMatch(/<option [^>]*value="services"[^>]*>services<\/option>/)
    expect(html).not.toContain('users')
    expect(html).toContain('http://127.0.0.1:3000/api/v1/posts?limit=2&amp;depth=0&amp;select[title]=true')
  })

  it('renders the chart with a description and a data table', () => {
    const html = render({
      kind: 'performance-chart',
      settings: {
        budgetKb: 100,
        series: [
          { name: 'Static Astro', kb: 24 },
          { name: 'Typical SPA', kb: 480 },
        ],
      },
      cmsUrl,
    })
    expect(html).toMatch(/<svg[^>]+role="img"/)
    expect(html).toContain('<title')
    expect(html).toContain('2 stacks compared with a 100 KB budget; 1 is over it.')
    expect(html).toContain('<th scope="row">Typical SPA</th>')
    expect(html).toContain('4.8× the budget')
  })

  it('falls back to defaults on nonsense settings instead of crashing', () => {
    for (const kind of ['cost-estimator', 'api-explorer', 'performance-chart'] as const) {
      for (const settings of [
        null,
        { features: 'x', series: 5, collections: {}, dayRate: {} },
        [] as unknown as Record<string, unknown>,
      ]) {
        expect(() => render({ kind, settings, cmsUrl })).not.toThrow()
      }
    }
    expect(render({ kind: 'performance-chart', settings: null, cmsUrl })).toContain('WordPress theme')
  })

  it('escapes text that comes from the CMS', () => {
    const html = render({
      kind: 'performance-chart',
      settings: { series: [{ name: '<img src=x onerror=alert(1)>', kb: 5 }] },
      cmsUrl,
    })
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img')
  })

  it('says so for an unknown kind', () => {
    expect(render({ kind: 'teleporter' as DemoIslandProps['kind'], settings: null, cmsUrl })).toContain('not available')
  })
})
