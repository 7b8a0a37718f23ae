/**
 * Each scaffold edit finds its landmark in the files as they are in this tree: when a file the
 * scaffold edits is reshaped, this fails here rather than in someone's first `new:collection`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import * as edit from '../../../src/cli/scaffold/edits'
import { namesOf } from '../../../src/cli/scaffold/names'
import { repoRoot, TARGETS } from '../../../src/cli/scaffold/paths'
import * as template from '../../../src/cli/scaffold/templates'

const read = (rel: string) => fs.readFileSync(path.join(repoRoot, rel), 'utf8')
const n = namesOf('case-studies')
const block = namesOf('pricingTable')
const options = { routed: true, previewable: true, inNav: true }

describe('scaffold edits on the files of this tree', () => {
  it.each([
    [
      'registry (collection)',
      TARGETS.registry,
      (s: string) => edit.registryWithCollection(s, template.registryEntry(n, options)),
      "'case-studies': { public: true, previewable: true, route: '/case-studies', defaultSort: '-publishedAt' },",
    ],
    [
      'CMS config',
      TARGETS.cmsConfig,
      (s: string) => edit.configWithCollection(s, n),
      "import { CaseStudies } from './collections/CaseStudies'",
    ],
    [
      'seed',
      TARGETS.seedIndex,
      (s: string) => edit.seedWithCollection(s, n, options, template.seedStub(n)),
      "nav('Case studies', '/case-studies'),\n        nav('About'",
    ],
    [
      'site collections list',
      TARGETS.siteCollectionsIndex,
      (s: string) => edit.siteCollectionsWithCollection(s, n, options),
      "demos, 'case-studies': caseStudies } satisfies",
    ],
    [
      'site collections exports',
      TARGETS.siteCollectionsIndex,
      (s: string) => edit.siteCollectionsWithCollection(s, n, options),
      "export * from './caseStudies.ts'",
    ],
    [
      'draft preview page',
      TARGETS.sitePreviewPage,
      (s: string) => edit.previewPageWithCollection(s, n),
      "draft?.collection === 'case-studies'",
    ],
    ['page blocks', TARGETS.blocksIndex, (s: string) => edit.blocksIndexWithBlock(s, block), '  PricingTable,\n]'],
  ])('%s', (_label, file, change, expected) => {
    const before = read(file)
    const after = change(before)
    expect(after).not.toBe(before)
    expect(after).toContain(expected)
    // Only additions (the site's collection lists grow inside their line): every other original line is still there, in order.
    const added = after.split('\n')
    let at = 0
    for (const line of before.split('\n').filter((line) => !/^export const \w+_COLLECTIONS = \{/.test(line))) {
      at = added.indexOf(line, at)
      expect(at, `line kept: ${line}`).toBeGreaterThanOrEqual(0)
    }
  })

  it('lists a non-routed collection without a route, after the routed ones', () => {
    const after = edit.registryWithCollection(
      read(TARGETS.registry),
      template.registryEntry(namesOf('events'), { routed: false, previewable: false, inNav: false }),
    )
    expect(after).toMatch(/route: '\/demos' \},\n {2}events: \{ public: true, defaultSort: '-publishedAt' \},\n/)
  })
})
