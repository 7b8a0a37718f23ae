/**
 * The site's block schemas and the registry's block list are generated from src/blocks
 * (src/cli/generateBlockSchemas.ts): the committed files must be what the generator writes now,
 * so a block changed in the CMS without regenerating fails here rather than on a page.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

import type { Block } from 'payload'
import { describe, expect, it } from 'vitest'

import { pageBlocks } from '../../src/blocks'
import { linkField } from '../../src/fields/link'
import { blockEmbeds, committed, generateBlockFiles, REGENERATE } from '../../src/cli/generateBlockSchemas'

describe('generated block schemas', () => {
  for (const file of generateBlockFiles()) {
    it(`${file.path} is up to date`, () => {
      const stale = committed(file) !== file.contents
      expect(stale, `${file.path} is stale: run \`${REGENERATE}\` and commit the result`).toBe(false)
    })
  }

  const generate = (fields: Block['fields']) =>
    generateBlockFiles([{ slug: 'sample', interfaceName: 'SampleBlock', fields }]).map((file) => file.contents)

  it('maps each field type onto the site helpers, required or not', () => {
    const [site] = generate([
      { name: 'title', type: 'text', required: true },
      { name: 'note', type: 'textarea' },
      { name: 'count', type: 'number', required: true },
      { name: 'on', type: 'checkbox' },
      { name: 'size', type: 'select', options: ['s', { label: 'Large', value: 'l' }] },
      { name: 'body', type: 'richText' },
      { name: 'cover', type: 'upload', relationTo: 'media' },
      { name: 'posts', type: 'relationship', relationTo: 'posts', hasMany: true },
      { type: 'row', fields: [{ name: 'a', type: 'text' }] },
      { name: 'items', type: 'array', fields: [{ name: 'q', type: 'text', required: true }] },
      linkField(),
    ])
    expect(site).toContain("blockType: z.literal('sample'),")
    for (const line of [
      'title: z.string(),',
      'note: text(),',
      'count: z.number(),',
      'on: z.boolean().nullish(),',
      "size: lenientEnum(exactly<NonNullable<SampleBlock['size']>>()(['s', 'l'])),",
      'body: richTextSchema.nullish(),',
      'cover: populated(relationSchemas.media),',
      'posts: populatedList(relationSchemas.posts),',
      'a: text(),',
      'items: list(z.object({ q: z.string() })),',
      'link: fieldSchemas.link,',
    ]) {
      expect(site).toContain(`  ${line}\n`)
    }
    expect(site).toContain('} satisfies FieldsOf<SampleBlock>);')
  })

  it('imports only the helpers the blocks use', () => {
    const [site] = generate([{ name: 'title', type: 'text' }])
    expect(site).toContain("import { text } from '../schemas/common.ts';")
    expect(site).not.toMatch(/block-fields|lexical|lenientEnum/)
  })

  it('lists what a block embeds, leaving out links', () => {
    expect(
      blockEmbeds([
        { name: 'cover', type: 'upload', relationTo: 'media' },
        {
          name: 'more',
          type: 'array',
          fields: [{ name: 'pick', type: 'relationship', relationTo: ['projects', 'media'] }],
        },
        linkField(),
      ]),
    ).toEqual(['media', 'projects'])
  })

  it('refuses a field it cannot map, naming the block and the field', () => {
    expect(() => generate([{ name: 'target', type: 'relationship', relationTo: ['pages', 'posts'] }])).toThrow(
      /block 'sample', field 'target': a relationship field has no site schema yet/,
    )
    expect(() => generate([{ name: 'point', type: 'point' }])).toThrow(/field 'point': a point field/)
  })
})

describe('block naming', () => {
  const dir = path.resolve(import.meta.dirname, '../../src/blocks')
  const files = readdirSync(dir).filter((file) => file.endsWith('.ts') && file !== 'index.ts')

  it('has one file a block, <Name>.ts exporting <Name> with slug <name> and interface <Name>Block, each in pageBlocks', async () => {
    const found: Block[] = []
    for (const file of files) {
      const name = file.replace(/\.ts$/, '')
      const block = (await import(path.join(dir, file)))[name] as Block | undefined
      const slug = name.charAt(0).toLowerCase() + name.slice(1)
      expect({ file, slug: block?.slug, interfaceName: block?.interfaceName }).toEqual({
        file,
        slug,
        interfaceName: name.endsWith('Block') ? name : `${name}Block`,
      })
      found.push(block!)
    }
    expect(new Set(pageBlocks)).toEqual(new Set(found))
    expect(pageBlocks).toHaveLength(found.length)
  })
})
