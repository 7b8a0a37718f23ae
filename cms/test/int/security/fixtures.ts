/**
 * Valid documents for every collection the access matrix covers: what a caller sends to create one,
 * which text field an update changes, and how to make a document owned by someone (bypassing access).
 * A collection without an entry is still checked where the table says `deny` (with an id that does
 * not exist, since refusal must come before lookup); `allow` cells need an entry here.
 */
import { PUBLIC_COLLECTIONS } from '@mspn/contract'
import sharp from 'sharp'

import { richText } from '../../../src/seed/lexical'

export type Id = number | string

export interface FixtureContext {
  /** The account the document belongs to, when the collection has owners. */
  ownerId: Id
  /** A post to point edit locks at. */
  postId: Id
  unique: string
}

export interface Fixture {
  /** Data for a new document, valid over REST, GraphQL and the Local API. */
  data: (ctx: FixtureContext) => Record<string, unknown>
  /** A text-like field an update changes, and the value it is set to. */
  update: { field: string; value: (unique: string) => unknown }
  /** The collection's documents belong to a user (posts: their author; users: themselves). */
  owned?: boolean
  /** Needs an uploaded file. */
  upload?: boolean
  /** GraphQL spells some values differently (enum values without dashes; required inputs with defaults). */
  graphql?: (data: Record<string, unknown>) => Record<string, unknown>
}

const lexical = (text: string) => richText(text)

const OWN_FIXTURES: Record<string, Fixture> = {
  pages: {
    data: ({ unique }) => ({ title: `Page ${unique}`, layout: [{ blockType: 'hero', heading: `Hero ${unique}` }] }),
    update: { field: 'title', value: (u) => `Page renamed ${u}` },
  },
  posts: {
    data: ({ unique, ownerId }) => ({
      title: `Post ${unique}`,
      excerpt: `Excerpt ${unique}`,
      content: lexical(`Body ${unique}`),
      author: ownerId,
    }),
    update: { field: 'title', value: (u) => `Post renamed ${u}` },
    owned: true,
  },
  services: {
    data: ({ unique }) => ({ title: `Service ${unique}`, summary: `Summary ${unique}` }),
    update: { field: 'title', value: (u) => `Service renamed ${u}` },
  },
  projects: {
    data: ({ unique }) => ({
      title: `Project ${unique}`,
      client: 'Client',
      industry: 'saas',
      summary: `Summary ${unique}`,
    }),
    update: { field: 'title', value: (u) => `Project renamed ${u}` },
  },
  demos: {
    data: ({ unique }) => ({ title: `Demo ${unique}`, kind: 'cost-estimator', summary: `Summary ${unique}` }),
    update: { field: 'title', value: (u) => `Demo renamed ${u}` },
    graphql: (data) => ({ ...data, kind: 'cost_estimator' }),
  },
  testimonials: {
    data: ({ unique }) => ({ quote: `Quote ${unique}`, authorName: `Person ${unique}` }),
    update: { field: 'quote', value: (u) => `Quote changed ${u}` },
  },
  categories: {
    data: ({ unique }) => ({ title: `Category ${unique}` }),
    update: { field: 'title', value: (u) => `Category ${u} renamed` },
  },
  redirects: {
    data: ({ unique }) => ({ from: `/old-${unique}`, url: `/new-${unique}` }),
    update: { field: 'url', value: (u) => `/moved-${u}` },
    // GraphQL marks `type` required (it has a default) and spells 301 as the enum value _301.
    graphql: (data) => ({ ...data, type: '_301' }),
  },
  media: {
    data: ({ unique }) => ({ alt: `Image ${unique}` }),
    update: { field: 'caption', value: (u) => `Caption ${u}` },
    upload: true,
  },
  inquiries: {
    // formStartedAt: anonymous submissions must say when the form was shown (an input only, never stored).
    data: ({ unique }) => ({
      name: `Lead ${unique}`,
      email: `lead-${unique}@example.com`,
      message: `Please call me back about ${unique}.`,
      formStartedAt: Date.now() - 60_000,
    }),
    update: { field: 'company', value: (u) => `Company ${u}` },
    // GraphQL marks `status` required (it has a default); callers who may not set it have it dropped.
    graphql: (data) => ({ ...data, status: 'new' }),
  },
  users: {
    data: ({ unique }) => ({
      email: `user-${unique}@test.mspn.dev`,
      password: `password-${unique}-long`,
      name: `User ${unique}`,
      role: 'author',
    }),
    update: { field: 'name', value: (u) => `Renamed ${u}` },
    owned: true,
  },
  'payload-preferences': {
    data: ({ unique, ownerId }) => ({
      key: `pref-${unique}`,
      value: { unique },
      user: { relationTo: 'users', value: ownerId },
    }),
    update: { field: 'value', value: (u) => ({ changed: u }) },
    owned: true,
  },
  'payload-locked-documents': {
    data: ({ ownerId, postId }) => ({
      document: { relationTo: 'posts', value: postId },
      user: { relationTo: 'users', value: ownerId },
    }),
    update: { field: 'globalSlug', value: (u) => `lock-${u}` },
  },
  'payload-kv': {
    data: ({ unique }) => ({ key: `kv-${unique}`, data: { unique } }),
    update: { field: 'key', value: (u) => `kv-renamed-${u}` },
  },
  'payload-migrations': {
    data: ({ unique }) => ({ name: `fixture-${unique}`, batch: 999 }),
    update: { field: 'name', value: (u) => `fixture-renamed-${u}` },
  },
}

/**
 * A public collection without a fixture of its own is taken at its word as scaffolded
 * (`npm run new:collection`): a document needs only a title.
 */
export const FIXTURES: Record<string, Fixture> = {
  ...Object.fromEntries(
    PUBLIC_COLLECTIONS.map((slug): [string, Fixture] => [
      slug,
      {
        data: ({ unique }) => ({ title: `${slug} ${unique}` }),
        update: { field: 'title', value: (u) => `Renamed ${u}` },
      },
    ]),
  ),
  ...OWN_FIXTURES,
}

let png: Buffer | undefined
/** A tiny PNG for media fixtures. */
export async function tinyPng(): Promise<Buffer> {
  png ??= await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer()
  return png
}

let counter = 0
export const uniqueName = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`
