import { describe, expect, it } from 'vitest'

import {
  demoSchema,
  pageSchema,
  postListItemSchema,
  postSchema,
  projectCardSchema,
  projectSchema,
  serviceSchema,
} from '../src/cms/collections/index.ts'
import {
  footerSchema,
  isKnownBlock,
  layoutBlockSchema,
  navigationSchema,
  paginated,
  richTextSchema,
  siteSettingsSchema,
  type LayoutBlock,
} from '../src/cms/schemas.ts'
import { toValidationIssues } from '../src/cms/validate.ts'
import { fixture, withStringIds } from './helpers/fixtures.ts'

type List = { docs: unknown[] }
const firstDoc = (name: string) => (fixture(name) as List).docs[0] as Record<string, unknown>

function blockOf(layout: LayoutBlock[], type: string): LayoutBlock | undefined {
  return layout.find((block) => block.blockType === type)
}

describe('page', () => {
  it('parses the recorded home page with every block type it uses', () => {
    const page = pageSchema.parse(firstDoc('page-home'))

    expect(page).toMatchObject({ title: 'Home', slug: 'home' })
    expect(page.layout.map((b) => b.blockType)).toEqual([
      'hero',
      'servicesGrid',
      'projectsGrid',
      'testimonials',
      'demoEmbed',
      'callToAction',
    ])
    expect(page.layout.every(isKnownBlock)).toBe(true)

    const hero = page.layout[0]
    // The renderer's pattern: skip unknown blocks first, then switch on the type.
    if (!hero || !isKnownBlock(hero) || hero.blockType !== 'hero') throw new Error('expected a hero')
    expect(hero.image?.sizes?.heroAvif?.url).toMatch(/\.avif$/)
    expect(hero.actions.map((a) => a.link.url)).toEqual(['/contact', '/projects'])
  })

  it('parses the about and contact pages (richText, mediaBlock, faq, contactForm)', () => {
    const about = pageSchema.parse(firstDoc('page-about'))
    const contact = pageSchema.parse(firstDoc('page-contact'))

    expect(about.layout.map((b) => b.blockType)).toEqual(['hero', 'richText', 'mediaBlock', 'faq'])
    expect(contact.layout.map((b) => b.blockType)).toEqual(['hero', 'contactForm', 'faq'])
    const form = blockOf(contact.layout, 'contactForm')
    expect(form).toMatchObject({ blockType: 'contactForm', showBudget: true })
  })

  it('keeps an unknown block as a bare { blockType } the renderer can skip', () => {
    const raw = firstDoc('page-home')
    const layout = [...(raw.layout as unknown[]), { blockType: 'pricingTable', id: 'x1', tiers: [{ price: 9 }] }]

    const page = pageSchema.parse({ ...raw, layout })

    const unknown = page.layout.at(-1)
    expect(unknown).toEqual({ blockType: 'pricingTable', id: 'x1' })
    expect(unknown && isKnownBlock(unknown)).toBe(false)
    expect(page.layout.filter(isKnownBlock)).toHaveLength(6)
  })

  it('still keeps an unknown block whose id is odd', () => {
    expect(layoutBlockSchema.parse({ blockType: 'future', id: 42 })).toEqual({ blockType: 'future' })
  })

  it('rejects a malformed known block with the path to the field', () => {
    const raw = firstDoc('page-home')
    const layout = structuredClone(raw.layout) as Record<string, unknown>[]
    delete layout[5]?.heading

    const result = pageSchema.safeParse({ ...raw, layout })

    expect(result.success).toBe(false)
    expect(toValidationIssues(result.error!)[0]).toEqual({
      path: 'layout.5.heading',
      message: 'expected string, received undefined',
    })
  })

  it('is strict about slug and title', () => {
    const raw = firstDoc('page-home')
    expect(pageSchema.safeParse({ ...raw, slug: null }).success).toBe(false)
    expect(pageSchema.safeParse({ ...raw, title: '' }).success).toBe(false)
  })

  it('drops relationships that were not populated (bare IDs) and tolerates deleted ones', () => {
    const raw = firstDoc('page-home')
    const layout = structuredClone(raw.layout) as Record<string, unknown>[]
    const testimonials = layout[3] as { testimonials: unknown[] }
    testimonials.testimonials = [7, ...testimonials.testimonials, null]
    ;(layout[4] as { demo: unknown }).demo = 3
    ;(layout[0] as { image: unknown }).image = null

    const page = pageSchema.parse({ ...raw, layout })

    const block = page.layout[3]
    expect(block && isKnownBlock(block) && block.blockType === 'testimonials' && block.testimonials.length).toBe(3)
    expect(page.layout[4]).toMatchObject({ blockType: 'demoEmbed', demo: null })
    expect(page.layout[0]).toMatchObject({ blockType: 'hero', image: null })
  })

  it('accepts MongoDB string IDs everywhere', () => {
    const page = pageSchema.parse(withStringIds(firstDoc('page-home')))
    expect(typeof page.id).toBe('string')
  })
})

describe('collections', () => {
  it('parses the recorded post list and full post', () => {
    const list = paginated(postListItemSchema).parse(fixture('posts-page-1'))
    expect(list).toMatchObject({ page: 1, limit: 3, hasNextPage: true })
    expect(list.docs).toHaveLength(3)
    expect(list.docs[0]?.categories[0]).toMatchObject({ slug: expect.any(String), title: expect.any(String) })
    expect(list.docs[0]?.coverImage?.sizes?.card?.url).toMatch(/^http/)

    const post = postSchema.parse(firstDoc('post'))
    expect(post.content.root.children.length).toBeGreaterThan(0)
    expect(post.seo).toMatchObject({ noIndex: false })
  })

  it('parses services, projects and demos, with Mongo IDs too', () => {
    for (const transform of [(x: unknown) => x, withStringIds]) {
      expect(serviceSchema.parse(transform(firstDoc('service'))).features.length).toBeGreaterThan(0)
      const project = projectSchema.parse(transform(firstDoc('project')))
      expect(project.results.length).toBeGreaterThan(0)
      expect(project.gallery.every((m) => typeof m.url === 'string')).toBe(true)
      expect(demoSchema.parse(transform(firstDoc('demo'))).settings).toMatchObject({ currency: 'EUR' })
    }
  })

  it('turns null arrays into empty ones and unknown select options into null', () => {
    const card = projectCardSchema.parse({ id: 1, title: 'T', slug: 't', stack: null, industry: 'space-travel' })
    expect(card.stack).toEqual([])
    expect(card.industry).toBeNull()
  })

  it('treats demo settings that are not an object as absent, but is strict about kind', () => {
    const demo = firstDoc('demo')
    expect(demoSchema.parse({ ...demo, settings: [1, 2] }).settings).toBeNull()
    expect(demoSchema.safeParse({ ...demo, kind: 'slot-machine' }).success).toBe(false)
  })
})

describe('globals', () => {
  it('parses the recorded settings, navigation and footer', () => {
    const settings = siteSettingsSchema.parse(fixture('global-site-settings'))
    expect(settings.siteName).toBe('MSPN DEV')
    expect(settings.features).toEqual({ blog: true, portfolio: true, demos: true, contactForm: true })
    expect(settings.defaultSeo?.image?.url).toMatch(/hero\.png$/)

    expect(navigationSchema.parse(fixture('global-navigation')).items.map((i) => i.link.label)).toContain('Blog')
    expect(footerSchema.parse(fixture('global-footer')).columns[0]?.links.length).toBeGreaterThan(0)
  })

  it('turns missing feature flags on and keeps explicit offs', () => {
    expect(siteSettingsSchema.parse({ siteName: 'X' }).features).toEqual({
      blog: true,
      portfolio: true,
      demos: true,
      contactForm: true,
    })
    expect(siteSettingsSchema.parse({ siteName: 'X', features: { blog: false, demos: null } }).features).toMatchObject({
      blog: false,
      demos: true,
    })
  })

  it('keeps a populated link reference and drops one to a collection the site does not route', () => {
    const nav = navigationSchema.parse({
      items: [
        {
          link: {
            type: 'reference',
            label: 'About',
            reference: { relationTo: 'pages', value: { id: 2, slug: 'about' } },
          },
        },
        { link: { type: 'reference', label: 'Odd', reference: { relationTo: 'media', value: 1 } } },
      ],
    })
    expect(nav.items[0]?.link.reference).toEqual({ relationTo: 'pages', value: { id: 2, slug: 'about' } })
    expect(nav.items[1]?.link.reference).toBeNull()
  })
})

describe('rich text', () => {
  it('accepts any node type and keeps unknown attributes', () => {
    const doc = {
      root: {
        type: 'root',
        children: [{ type: 'future-node', version: 1, custom: { a: 1 }, children: [{ type: 'text', text: 'hi' }] }],
      },
    }
    expect(richTextSchema.parse(doc).root.children[0]).toEqual(doc.root.children[0])
  })

  it('rejects a node without a type, deep down, naming the path', () => {
    const result = richTextSchema.safeParse({ root: { children: [{ type: 'p', children: [{ text: 'x' }] }] } })
    expect(toValidationIssues(result.error!)[0]?.path).toBe('root.children.0.children.0.type')
  })
})
