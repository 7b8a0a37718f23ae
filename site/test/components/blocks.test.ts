import { describe, expect, it } from 'vitest'

import { pageSchema } from '../../src/cms/index.ts'
import { startsWithHero } from '../../src/components/blocks/headings.ts'
import { fixture } from '../helpers/fixtures.ts'

const home = () => pageSchema.parse((fixture('page-home') as { docs: unknown[] }).docs[0])

describe('startsWithHero', () => {
  it('is true when the first block the site knows is a hero', () => {
    const page = home()
    expect(startsWithHero(page.layout)).toBe(true)
    expect(startsWithHero([{ blockType: 'carousel' }, ...page.layout])).toBe(true)
  })

  it('is false otherwise', () => {
    const page = home()
    expect(startsWithHero(page.layout.slice(1))).toBe(false)
    expect(startsWithHero([])).toBe(false)
  })
})
