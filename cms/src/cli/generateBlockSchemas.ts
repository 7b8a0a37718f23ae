/**
 * `npm run generate:types` (after Payload's own types): the site's zod schemas of the page-builder
 * blocks and the registry's block list, generated from the block configs in src/blocks, so a
 * block is declared once (its CMS config) and types flow one way, CMS → site.
 *
 * Each field maps by type onto the site's schema helpers (site/src/cms/schemas/common.ts).
 * A field the site reads as one named value (the link group) says so with
 * `custom: { siteSchema: '<name>' }`, a key of `fieldSchemas` in site/src/cms/schemas/blockFields.ts;
 * upload and relationship fields use `relationSchemas` there, keyed by the collection they show.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Block, Field } from 'payload'

import { pageBlocks } from '../blocks'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const REGENERATE = 'npm run generate:types --workspace cms'

export interface GeneratedFile {
  /** Path from the repository root. */
  path: string
  contents: string
}

/** What a field that is not one named value needs from the generator. */
type AnyField = Field & {
  name?: string
  required?: boolean
  hasMany?: boolean
  relationTo?: string | string[]
  fields?: Field[]
  options?: unknown[]
  custom?: { siteSchema?: string }
}

const siteSchemaOf = (field: AnyField): string | undefined => field.custom?.siteSchema

/** Fields of a block as the site sees them: presentational containers (row, collapsible) flattened. */
function dataFields(fields: Field[]): AnyField[] {
  return (fields as AnyField[]).flatMap((field) =>
    field.type === 'row' || field.type === 'collapsible' ? dataFields(field.fields ?? []) : [field],
  )
}

function optionValues(field: AnyField): string[] {
  return (field.options ?? []).map((option) =>
    typeof option === 'string' ? option : (option as { value: string }).value,
  )
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

const member = (object: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${object}.${key}` : `${object}[${quote(key)}]`

/** The zod expression for one field; `owner` is the generated interface the field belongs to, for option types. */
function fieldSchema(block: Block, field: AnyField, owner: string): string {
  const named = siteSchemaOf(field)
  if (named) return member('fieldSchemas', named)
  const optional = field.required !== true
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      if (field.hasMany) break
      return optional ? 'text()' : 'z.string()'
    case 'number':
      if (field.hasMany) break
      return optional ? 'z.number().nullish()' : 'z.number()'
    case 'checkbox':
      return optional ? 'z.boolean().nullish()' : 'z.boolean()'
    case 'select':
    case 'radio': {
      if (field.hasMany) break
      const values = optionValues(field).map(quote).join(', ')
      // Compile-checked against the CMS's option union, and lenient at run time (common.ts).
      return `lenientEnum(exactly<NonNullable<${owner}['${field.name}']>>()([${values}]))`
    }
    case 'richText':
      return optional ? 'richTextSchema.nullish()' : 'richTextSchema'
    case 'upload':
    case 'relationship': {
      if (typeof field.relationTo !== 'string') break
      const target = member('relationSchemas', field.relationTo)
      return field.hasMany ? `populatedList(${target})` : `populated(${target})`
    }
    case 'array':
      return `list(z.object({ ${objectFields(block, field.fields ?? [], `NonNullable<${owner}['${field.name}']>[number]`)} }))`
    case 'group': {
      const shape = `z.object({ ${objectFields(block, field.fields ?? [], `NonNullable<${owner}['${field.name}']>`)} })`
      return optional ? `${shape}.nullish()` : shape
    }
  }
  throw new Error(
    `block '${block.slug}', field '${field.name ?? '(unnamed)'}': a ${field.type}${field.hasMany ? ' (hasMany)' : ''} field has no site schema yet; ` +
      `name one with custom: { siteSchema } (site/src/cms/schemas/blockFields.ts) or map the type in cms/src/cli/generateBlockSchemas.ts`,
  )
}

function objectFields(block: Block, fields: Field[], owner: string): string {
  return dataFields(fields)
    .map((field) => `${field.name}: ${fieldSchema(block, field, owner)}`)
    .join(', ')
}

/** Collections a block shows (upload and relationship targets), in field order; named values such as links are left out. */
export function blockEmbeds(fields: Field[], into: string[] = []): string[] {
  for (const field of dataFields(fields)) {
    if (siteSchemaOf(field)) continue
    if ((field.type === 'relationship' || field.type === 'upload') && field.relationTo) {
      for (const slug of [field.relationTo].flat()) if (!into.includes(slug)) into.push(slug)
    }
    if (field.fields) blockEmbeds(field.fields, into)
  }
  return into
}

const interfaceOf = (block: Block) =>
  block.interfaceName ?? `${block.slug[0]!.toUpperCase()}${block.slug.slice(1)}Block`
const schemaNameOf = (block: Block) =>
  block.slug.endsWith('Block') ? `${block.slug}Schema` : `${block.slug}BlockSchema`

/** Import lines for the site helpers the generated code uses, so it has no unused import. */
function imports(code: string): string[] {
  const modules: [string, string[]][] = [
    ['../schemas/blockFields.ts', ['fieldSchemas', 'relationSchemas']],
    ['../schemas/cmsTypes.ts', ['exactly', 'type FieldsOf']],
    ['../schemas/common.ts', ['lenientEnum', 'list', 'populated', 'populatedList', 'text']],
    ['../schemas/lexical.ts', ['richTextSchema']],
  ]
  // `text` and `FieldsOf` are always used: by `meta` and by every block's `satisfies`.
  const used = (name: string) => name === 'text' || name === 'type FieldsOf' || new RegExp(`\\b${name}\\b`).test(code)
  return modules.flatMap(([from, names]) => {
    const wanted = names.filter(used)
    return wanted.length > 0 ? [`import { ${wanted.join(', ')} } from '${from}';`] : []
  })
}

function siteFile(blocks: Block[]): string {
  const types = [...new Set(blocks.map(interfaceOf))].sort()
  const body = blocks.map((block) => {
    const owner = interfaceOf(block)
    const lines = dataFields(block.fields).map((field) => `  ${field.name}: ${fieldSchema(block, field, owner)},`)
    return [
      `export const ${schemaNameOf(block)} = z.object({`,
      '  ...meta,',
      `  blockType: z.literal(${quote(block.slug)}),`,
      ...lines,
      `} satisfies FieldsOf<${owner}>);`,
    ].join('\n')
  })
  return [
    `// Generated from cms/src/blocks by \`${REGENERATE}\`: do not edit.`,
    '/**',
    ' * The page-builder blocks, each reduced to what its renderer shows. Relationship fields arrive',
    ' * populated (queries ask for enough depth); whatever could not be populated is dropped rather',
    ' * than passed on as a bare ID.',
    ' */',
    `import type { ${types.join(', ')} } from '@cms/types';`,
    "import { z } from 'zod';",
    '',
    ...imports(body.join('\n')),
    '',
    '/** Fields every block has: its row ID and the optional label editors give it. */',
    'const meta = { id: text(), blockName: text() };',
    '',
    ...body.flatMap((block) => [block, '']),
    '/** Every block the site can render, picked by `blockType`. */',
    "export const knownBlockSchema = z.discriminatedUnion('blockType', [",
    ...blocks.map((block) => `  ${schemaNameOf(block)},`),
    ']);',
    '',
    'export type KnownBlock = z.output<typeof knownBlockSchema>;',
    "export type KnownBlockType = KnownBlock['blockType'];",
    'export type BlockOfType<T extends KnownBlockType> = Extract<KnownBlock, { blockType: T }>;',
    '',
  ].join('\n')
}

function contractFile(blocks: Block[]): string {
  const entries = blocks.map(
    (block) => `  ${block.slug}: { embeds: [${blockEmbeds(block.fields).map(quote).join(', ')}] },`,
  )
  return [
    `// Generated from cms/src/blocks by \`${REGENERATE}\`: do not edit.`,
    "import type { CollectionSlug } from '../collections'",
    '',
    '/**',
    ' * Page-builder blocks, in the order editors see them, with the collections each shows beyond',
    " * links (which only need the target's slug): a change there changes every block-built page.",
    ' */',
    'export const BLOCKS = {',
    ...entries,
    '} as const satisfies Record<string, { embeds: readonly CollectionSlug[] }>',
    '',
  ].join('\n')
}

/** The generated files for these blocks (the CMS's own by default), in memory. */
export function generateBlockFiles(blocks: Block[] = pageBlocks): GeneratedFile[] {
  return [
    { path: 'site/src/cms/generated/blocks.ts', contents: siteFile(blocks) },
    { path: 'contract/src/generated/blocks.ts', contents: contractFile(blocks) },
  ]
}

/** The committed text of a generated file, or null when it does not exist. */
export function committed(file: GeneratedFile): string | null {
  try {
    return readFileSync(path.join(REPO, file.path), 'utf8')
  } catch {
    return null
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const file of generateBlockFiles()) {
      const changed = committed(file) !== file.contents
      mkdirSync(path.dirname(path.join(REPO, file.path)), { recursive: true })
      if (changed) writeFileSync(path.join(REPO, file.path), file.contents)
      process.stderr.write(`block schemas: ${file.path} ${changed ? 'written' : 'unchanged'}\n`)
    }
  } catch (error) {
    process.stderr.write(`block schemas: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
}
