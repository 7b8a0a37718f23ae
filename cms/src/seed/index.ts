/**
 * Idempotent demo content. Each document is looked up by its natural key (slug, filename,
 * name) and created only when missing, so running the seed twice changes nothing and
 * never overwrites what editors changed.
 */
import { randomBytes } from 'node:crypto'
import type { CollectionSlug, Payload, RequiredDataFromCollectionSlug } from 'payload'

import { passwordProblem } from '../collections/Users/passwordPolicy'
import { slugify } from '../fields/slugify'
import { categories, demos, images, posts, projects, services, testimonials, type ImageKey } from './content'
import { makeIllustration } from './images'
import { richText } from './lexical'

export const DEFAULT_ADMIN_EMAIL = 'admin@mspn.dev'

export interface SeedOptions {
  /** Credentials of the first admin (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin?: { email: string; password: string }
  /** With no credentials and no admin yet, create one with a random password (development only). */
  generateAdmin?: boolean
  /** Create the demo content, not only the first admin. */
  content?: boolean
  log?: (message: string) => void
}

export interface SeedResult {
  created: number
  existing: number
  /** Set when this run created the first admin; `password` only when it was generated. */
  admin?: { email: string; password?: string }
}

/** Document ids are opaque here: numbers on SQL adapters (which the generated types assume), strings on MongoDB. */
type Id = number

/** True when the database holds no pages: the seed has never run and nobody has started writing. */
export async function isEmptyDatabase(payload: Payload): Promise<boolean> {
  const { totalDocs } = await payload.count({ collection: 'pages', overrideAccess: true })
  return totalDocs === 0
}

export async function seed(payload: Payload, options: SeedOptions = {}): Promise<SeedResult> {
  const log = options.log ?? (() => undefined)
  const result: SeedResult = { created: 0, existing: 0 }

  async function ensure<S extends CollectionSlug>(
    collection: S,
    field: string,
    value: string,
    make: () => Promise<RequiredDataFromCollectionSlug<S>> | RequiredDataFromCollectionSlug<S>,
    extra: { draft?: boolean } = {},
  ): Promise<Id> {
    const found = await payload.find({
      collection,
      where: { [field]: { equals: value } },
      limit: 1,
      depth: 0,
      draft: true,
      overrideAccess: true,
      pagination: false,
    })
    if (found.docs[0]) {
      result.existing += 1
      return found.docs[0].id as Id
    }
    const args = { collection, data: await make(), overrideAccess: true, draft: extra.draft, depth: 0 }
    const doc = await payload.create(args as Parameters<typeof payload.create>[0])
    result.created += 1
    return doc.id as Id
  }

  result.admin = await ensureAdmin(payload, options, log)
  if (options.content === false) return result

  const author = await payload.find({
    collection: 'users',
    where: { role: { equals: 'admin' } },
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  const authorId = author.docs[0]?.id

  log('seed: media')
  const media = {} as Record<ImageKey, Id>
  for (const image of images) {
    const filename = `${image.key}.png`
    const existing = await payload.find({
      collection: 'media',
      where: { filename: { equals: filename } },
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    if (existing.docs[0]) {
      media[image.key] = existing.docs[0].id as Id
      result.existing += 1
      continue
    }
    const data = await makeIllustration(image.label, image.hue)
    const doc = await payload.create({
      collection: 'media',
      data: { alt: image.alt },
      file: { data, mimetype: 'image/png', name: filename, size: data.length },
      overrideAccess: true,
    })
    media[image.key] = doc.id as Id
    result.created += 1
  }

  log('seed: categories, services, projects, testimonials, demos')
  const categoryIds: Record<string, Id> = {}
  for (const category of categories) {
    categoryIds[category.title] = await ensure('categories', 'slug', slugify(category.title), () => ({ ...category }))
  }

  const serviceIds: Id[] = []
  for (const [order, service] of services.entries()) {
    serviceIds.push(
      await ensure('services', 'slug', slugify(service.title), () => ({
        title: service.title,
        summary: service.summary,
        icon: service.icon as 'code',
        order,
        features: service.features.map((feature) => ({ feature })),
        body: richText(
          `${service.summary}\n## How we work\nWe start with a short discovery, agree on measurable goals, then deliver in two-week increments you can try.`,
        ),
        _status: 'published',
      })),
    )
  }

  const projectIds: Id[] = []
  for (const project of projects) {
    projectIds.push(
      await ensure('projects', 'slug', slugify(project.title), () => ({
        title: project.title,
        client: project.client,
        industry: project.industry as 'fintech',
        year: project.year,
        summary: project.summary,
        featured: project.featured,
        stack: [...project.stack],
        results: project.results,
        coverImage: media[project.image as ImageKey],
        gallery: [media[project.image as ImageKey], media.team],
        links: [{ label: 'Case study PDF', url: '/contact' }],
        body: richText(
          `## The challenge\n${project.summary}\n## What we built\nA small senior team worked alongside ${project.client} for the whole project, shipping to production every week.\n## Outcome\nThe results speak for themselves, and the client's team now owns and extends the system.`,
        ),
        _status: 'published',
      })),
    )
  }

  const testimonialIds: Id[] = []
  for (const [index, testimonial] of testimonials.entries()) {
    testimonialIds.push(
      await ensure('testimonials', 'authorName', testimonial.authorName, () => ({
        ...testimonial,
        project: projectIds[index],
      })),
    )
  }

  const demoIds: Id[] = []
  for (const demo of demos) {
    demoIds.push(
      await ensure('demos', 'slug', slugify(demo.title), () => ({
        title: demo.title,
        kind: demo.kind as 'cost-estimator',
        summary: demo.summary,
        settings: demo.settings,
        thumbnail: media[demo.image as ImageKey],
        _status: 'published',
      })),
    )
  }

  log('seed: posts')
  const now = Date.now()
  for (const post of posts) {
    await ensure(
      'posts',
      'slug',
      slugify(post.title),
      () => ({
        title: post.title,
        excerpt: post.excerpt,
        content: richText(post.body),
        coverImage: media[post.image],
        categories: [categoryIds[post.category]],
        author: authorId,
        publishedAt: post.draft ? undefined : new Date(now - post.daysAgo * 86_400_000).toISOString(),
        _status: post.draft ? 'draft' : 'published',
      }),
      { draft: post.draft },
    )
  }

  log('seed: pages')
  const contactLink = { type: 'custom' as const, url: '/contact', label: 'Start a project' }
  await ensure('pages', 'slug', 'home', () => ({
    title: 'Home',
    slug: 'home',
    _status: 'published',
    seo: {
      title: 'MSPN DEV: software studio',
      description: 'We design, build and run web and mobile products that are fast, accessible and easy to change.',
    },
    layout: [
      {
        blockType: 'hero',
        eyebrow: 'Software studio',
        heading: 'We build fast, accessible software people enjoy using',
        subheading:
          'Web and mobile products, content platforms and the cloud they run on, delivered by a small senior team.',
        image: media.hero,
        actions: [{ link: contactLink }, { link: { type: 'custom', url: '/projects', label: 'See our work' } }],
      },
      { blockType: 'servicesGrid', heading: 'What we do', intro: 'Six things we are very good at.' },
      { blockType: 'projectsGrid', heading: 'Selected work', limit: 3 },
      { blockType: 'testimonials', heading: 'What clients say', testimonials: testimonialIds.slice(0, 3) },
      { blockType: 'demoEmbed', heading: 'Try it: estimate your project', demo: demoIds[0] },
      {
        blockType: 'callToAction',
        heading: 'Have a project in mind?',
        body: 'Tell us about it. We answer within two working days.',
        link: contactLink,
      },
    ],
  }))
  await ensure('pages', 'slug', 'about', () => ({
    title: 'About',
    slug: 'about',
    _status: 'published',
    seo: { title: 'About MSPN DEV', description: 'A small senior team of engineers and designers.' },
    layout: [
      {
        blockType: 'hero',
        heading: 'A small studio with a long memory',
        subheading:
          'Twelve engineers and designers who have shipped software for fintech, health, retail and the public sector since 2014.',
      },
      {
        blockType: 'richText',
        width: 'normal',
        content: richText(
          '## How we work\nWe keep teams small and senior, work in the open and measure everything.\n- Weekly demos of working software\n- Fixed-price discovery, then time and materials\n- You own the code from day one',
        ),
      },
      { blockType: 'mediaBlock', media: media.team, caption: 'The team at our 2026 off-site.' },
      {
        blockType: 'faq',
        heading: 'Questions',
        items: [
          { question: 'Where are you based?', answer: 'We are remote-first with a small office in Lisbon.' },
          {
            question: 'Do you work with in-house teams?',
            answer: 'Yes. Most projects are a mix of our people and yours.',
          },
        ],
      },
    ],
  }))
  await ensure('pages', 'slug', 'services', () => ({
    title: 'Services',
    slug: 'services',
    _status: 'published',
    seo: { title: 'Services', description: 'Web, mobile, cloud, content platforms, data and security.' },
    layout: [
      {
        blockType: 'hero',
        heading: 'Services',
        subheading: 'From a two-week discovery to years of product development.',
      },
      { blockType: 'servicesGrid' },
      {
        blockType: 'faq',
        heading: 'Engagements',
        items: [
          { question: 'How do projects start?', answer: 'With a two-week discovery sprint at a fixed price.' },
          {
            question: 'How do you price?',
            answer: 'Discovery is fixed; delivery is time and materials with a weekly budget report.',
          },
        ],
      },
      {
        blockType: 'callToAction',
        heading: 'Not sure what you need?',
        body: 'A 30-minute call usually settles it.',
        link: contactLink,
      },
    ],
  }))
  await ensure('pages', 'slug', 'contact', () => ({
    title: 'Contact',
    slug: 'contact',
    _status: 'published',
    seo: { title: 'Contact', description: 'Tell us about your project.' },
    layout: [
      {
        blockType: 'hero',
        heading: 'Let’s talk',
        subheading: 'Tell us what you are building. We reply within two working days.',
      },
      { blockType: 'contactForm', heading: 'Project enquiry', showBudget: true },
      {
        blockType: 'faq',
        items: [{ question: 'Do you sign NDAs?', answer: 'Yes, happily, before the first call if you like.' }],
      },
    ],
  }))

  log('seed: globals')
  await payload.updateGlobal({
    slug: 'site-settings',
    overrideAccess: true,
    data: {
      _status: 'published',
      siteName: 'MSPN DEV',
      tagline: 'Fast, accessible software, built by a small senior team.',
      contactEmail: 'hello@mspn.dev',
      socials: [
        { platform: 'github', url: 'https://github.com/mspn-dev' },
        { platform: 'linkedin', url: 'https://www.linkedin.com/company/mspn-dev' },
      ],
      defaultSeo: {
        title: 'MSPN DEV',
        description: 'Software studio: web, mobile, cloud and content platforms.',
        image: media.hero,
      },
      features: { blog: true, portfolio: true, demos: true, contactForm: true },
    },
  })
  const nav = (label: string, url: string) => ({ link: { type: 'custom' as const, url, label } })
  await payload.updateGlobal({
    slug: 'navigation',
    overrideAccess: true,
    data: {
      _status: 'published',
      items: [
        nav('Services', '/services'),
        nav('Work', '/projects'),
        nav('Blog', '/blog'),
        nav('Demos', '/demos'),
        nav('About', '/about'),
        nav('Contact', '/contact'),
      ],
    },
  })
  await payload.updateGlobal({
    slug: 'footer',
    overrideAccess: true,
    data: {
      _status: 'published',
      columns: [
        {
          heading: 'Studio',
          links: [nav('About', '/about'), nav('Services', '/services'), nav('Contact', '/contact')],
        },
        { heading: 'Read', links: [nav('Blog', '/blog'), nav('Work', '/projects'), nav('RSS', '/rss.xml')] },
      ],
      note: `© ${new Date().getFullYear()} MSPN DEV. All rights reserved.`,
    },
  })
  return result
}

async function ensureAdmin(
  payload: Payload,
  options: SeedOptions,
  log: (message: string) => void,
): Promise<SeedResult['admin']> {
  const admins = await payload.count({
    collection: 'users',
    where: { role: { equals: 'admin' } },
    overrideAccess: true,
  })
  if (admins.totalDocs > 0) return undefined
  if (options.admin) {
    log(`seed: creating admin ${options.admin.email}`)
    await payload.create({
      collection: 'users',
      data: { email: options.admin.email, password: options.admin.password, name: 'Administrator', role: 'admin' },
      overrideAccess: true,
    })
    return { email: options.admin.email }
  }
  if (!options.generateAdmin) return undefined
  // 120 random bits as 20 URL-safe characters: well inside the password policy, and checked against it.
  let password = randomBytes(15).toString('base64url')
  while (passwordProblem(password, { email: DEFAULT_ADMIN_EMAIL, name: 'Administrator' }))
    password = randomBytes(15).toString('base64url')
  log(`seed: creating admin ${DEFAULT_ADMIN_EMAIL} with a generated password`)
  await payload.create({
    collection: 'users',
    data: { email: DEFAULT_ADMIN_EMAIL, password, name: 'Administrator', role: 'admin' },
    overrideAccess: true,
  })
  return { email: DEFAULT_ADMIN_EMAIL, password }
}
