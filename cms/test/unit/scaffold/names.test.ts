import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { takenInTree } from '../../../src/cli/scaffold'
import { blockNameProblem, collectionSlugProblem, namesOf } from '../../../src/cli/scaffold/names'

const root = path.resolve(import.meta.dirname, '../../../..')
const taken = takenInTree(root)

describe('scaffold names', () => {
  it('derives every spelling from a slug', () => {
    expect(namesOf('case-studies')).toEqual({
      slug: 'case-studies',
      pascal: 'CaseStudies',
      camel: 'caseStudies',
      label: 'Case studies',
      constant: 'CASE_STUDIES',
    })
    expect(namesOf('pricingTable')).toMatchObject({
      slug: 'pricing-table',
      pascal: 'PricingTable',
      camel: 'pricingTable',
    })
  })

  it('accepts a fresh kebab-case slug', () => {
    expect(collectionSlugProblem('case-studies', taken)).toBeNull()
    expect(collectionSlugProblem('events2', taken)).toBeNull()
  })

  it.each(['Case', 'case_studies', '-case', 'case-', 'case--studies', '1case', 'case studies', '', 'x'.repeat(31)])(
    'refuses the malformed slug %j',
    (slug) => {
      expect(collectionSlugProblem(slug, taken)).toMatch(/not a valid collection slug|too long/)
    },
  )

  it('refuses slugs the registry already has', () => {
    for (const slug of ['services', 'posts', 'audit-logs', 'inquiries'])
      expect(collectionSlugProblem(slug, taken)).toMatch(/already taken/)
  })

  it("refuses Payload's and the site's own words, including routes and pages found in the tree", () => {
    for (const slug of [
      'admin',
      'api',
      'graphql',
      'preview',
      'search',
      'media',
      'users',
      'blog',
      'sitemap',
      'robots',
      'rss',
    ]) {
      expect(collectionSlugProblem(slug, taken), slug).toMatch(/reserved|already taken/)
    }
    expect(collectionSlugProblem('payload-things', taken)).toMatch(/payload- prefix/)
    // A top-level site page that no rule names: found by reading site/src/pages.
    expect(collectionSlugProblem('contact', { ...taken, sitePages: [...taken.sitePages, 'contact'] })).toMatch(
      /reserved/,
    )
    expect(collectionSlugProblem('contact', { ...taken, sitePages: [] })).toBeNull()
  })

  it('refuses a slug whose names clash with a collection it does not equal', () => {
    expect(collectionSlugProblem('audit-logs', { ...taken, collections: ['auditLogs'] })).toMatch(
      /same name \(AuditLogs\)/,
    )
  })

  it('checks block names the same way', () => {
    expect(blockNameProblem('pricingTable', taken)).toBeNull()
    expect(blockNameProblem('pricing-table', taken)).toBeNull()
    expect(blockNameProblem('hero', taken)).toMatch(/already taken/)
    expect(blockNameProblem('call-to-action', taken)).toMatch(/already taken/)
    expect(blockNameProblem('Hero!', taken)).toMatch(/not a valid block name/)
    expect(blockNameProblem('services', taken)).toMatch(/a collection has the same name/)
  })
})
