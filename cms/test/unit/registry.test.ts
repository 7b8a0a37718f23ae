/**
 * The collection registry (@mspn/contract) against the Payload config and the site's routes: a
 * collection or global anonymous visitors can read, or a section the site routes, must be in the
 * registry, and the registry must name only what the config has. Anonymous access is probed the
 * way Payload asks it (`access.read` with no user): `true` or a `Where` grants something.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

import {
  BLOCKS,
  COLLECTIONS,
  COLLECTION_ROUTES,
  isPublicCollection,
  PUBLIC_GLOBALS,
  type CollectionFacts,
} from '@mspn/contract'
import type { Field, PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'

import { pageBlocks } from '../../src/blocks'
import { createConfig } from '../../src/config'
import { parseEnv } from '../../src/env'

const config = await createConfig(
  parseEnv({
    APP_ENV: 'test',
    PAYLOAD_SECRET: 'x'.repeat(40),
    DATABASE_URL: 'file:/tmp/registry-unit.db',
    LOG_LEVEL: 'silent',
  }),
)
const ours = config.collections.filter((collection) => !collection.slug.startsWith('payload-'))

/** An anonymous request, as far as access functions look at one. */
const anonymous = { user: null, headers: new Headers(), context: {}, payload: {} } as unknown as PayloadRequest
const grantsAnonymousRead = async (read: ((args: any) => unknown) | undefined) =>
  read ? (await read({ req: anonymous })) !== false : false

/** Top-level folders of site/src/pages that are not document sections. */
const SITE_PLUMBING = new Set(['api', '[cache]', '_cache'])

describe('the collection registry', () => {
  it('lists every collection anonymous visitors can read as public, and no other', async () => {
    for (const collection of ours) {
      const open = await grantsAnonymousRead(collection.access.read)
      expect({ slug: collection.slug, public: open }).toEqual({
        slug: collection.slug,
        public: isPublicCollection(collection.slug),
      })
    }
  })

  it('lists every global anonymous visitors can read as public, and no other', async () => {
    const open: string[] = []
    for (const global of config.globals) if (await grantsAnonymousRead(global.access.read)) open.push(global.slug)
    expect(open.sort()).toEqual([...PUBLIC_GLOBALS].sort())
  })

  it('names only collections the config has, and every one of ours', () => {
    expect(Object.keys(COLLECTIONS).sort()).toEqual(ours.map((collection) => collection.slug).sort())
  })

  it('gives each public collection the default sort its config uses', () => {
    for (const collection of ours.filter((c) => isPublicCollection(c.slug))) {
      const facts: CollectionFacts = COLLECTIONS[collection.slug as keyof typeof COLLECTIONS]
      expect({ slug: collection.slug, sort: collection.defaultSort }).toEqual({
        slug: collection.slug,
        sort: facts.defaultSort,
      })
    }
  })

  it('has a route for every document section of the site', () => {
    const pages = path.resolve(import.meta.dirname, '../../../site/src/pages')
    const sections = readdirSync(pages, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !SITE_PLUMBING.has(entry.name))
      .map((entry) => `/${entry.name}`)
    const routes = Object.values(COLLECTION_ROUTES).filter((route) => route !== '')
    expect(sections.sort()).toEqual(routes.sort())
  })

  it('lists the page-builder blocks and what each shows', () => {
    expect(pageBlocks.map((block) => block.slug)).toEqual(Object.keys(BLOCKS))
    for (const block of pageBlocks) {
      const shown = new Set<string>()
      collectTargets(block.fields, shown)
      expect({ block: block.slug, embeds: [...shown].sort() }).toEqual({
        block: block.slug,
        embeds: [...BLOCKS[block.slug as keyof typeof BLOCKS].embeds].sort(),
      })
    }
  })
})

/** Relationship and upload targets, leaving out link fields (a link needs only its target's slug). */
function collectTargets(fields: Field[], into: Set<string>): void {
  for (const field of fields as any[]) {
    if (field.type === 'group' && field.interfaceName === 'Link') continue
    if ((field.type === 'relationship' || field.type === 'upload') && field.relationTo) {
      for (const slug of [field.relationTo].flat()) into.add(slug)
    }
    if (field.fields) collectTargets(field.fields, into)
    for (const tab of field.tabs ?? []) collectTargets(tab.fields, into)
  }
}
