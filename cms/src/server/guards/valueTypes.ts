/**
 * Refuses values of the wrong JSON type before they reach the database, for every collection and global
 * (Payload's own and the timestamps too) and every door: REST, multipart `_payload`, GraphQL, the Local API.
 *
 * Payload 3.90 validates text by length only, so a list or an object in a text, email or select field
 * passes: SQLite then fails to bind it (a 500), or stores `{"a":1}` as the text. `createdAt`/`updatedAt`
 * are added after Payload gives fields their validators, so `createdAt: "never"` is written as is: the
 * write fails reading the row back (a 500), and a bulk update, which commits the rows it got through,
 * leaves a row no read can load. Drafts skip field validation altogether. A collection `beforeValidate`
 * hook runs in all these cases, after access is checked and before any write.
 *
 * Relationships must name a collection the field allows, an id of that collection's type, and a document
 * that exists: otherwise the adapter fails on the foreign key (a 500, after the old relation rows were
 * deleted). Dates are stored as ISO 8601 (a string PostgreSQL reads whatever the input format was).
 */
import {
  isValidID,
  ValidationError,
  type Block,
  type CollectionBeforeOperationHook,
  type CollectionBeforeValidateHook,
  type Field,
  type GlobalBeforeOperationHook,
  type GlobalBeforeValidateHook,
  type Payload,
  type PayloadRequest,
  type SanitizedConfig,
} from 'payload'

interface FieldError {
  path: string
  message: string
}

type Row = Record<string, unknown>

/** A relationship value of the right shape, to be looked up. */
interface Reference {
  path: string
  collection: string
  id: number | string
}

interface Walk {
  blocks: Block[]
  payload: Payload
  errors: FieldError[]
  references: Reference[]
}

/** Highest id of an integer primary key (PostgreSQL `serial`). */
const MAX_SERIAL = 2_147_483_647

const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'boolean') return 'true or false'
  if (typeof value === 'number') return 'a number'
  return 'text'
}

/** The value as an ISO 8601 date, or undefined when it is no date between the years 1 and 9999. */
function isoDate(value: unknown): string | undefined {
  const date =
    value instanceof Date ? value : typeof value === 'string' && value.trim() !== '' ? new Date(value) : undefined
  if (!date || Number.isNaN(date.getTime())) return undefined
  const year = date.getUTCFullYear()
  return year >= 1 && year <= 9999 ? date.toISOString() : undefined
}

/** What is wrong with one scalar value of a field, or undefined; dates are normalised in place. */
function scalarProblem(field: Field, row: Row, name: string, value: unknown, index?: number): string | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      return typeof value === 'string' ? undefined : `Must be text, not ${kindOf(value)}.`
    case 'select':
    case 'radio':
      return typeof value === 'string' ? undefined : `Must be one of the options (as text), not ${kindOf(value)}.`
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `Must be a number, not ${kindOf(value)}.`
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : `Must be true or false, not ${kindOf(value)}.`
    case 'date': {
      const iso = isoDate(value)
      if (!iso) return 'Must be a date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.'
      if (typeof value === 'string') {
        if (index === undefined) row[name] = iso
        else (row[name] as unknown[])[index] = iso
      }
      return undefined
    }
    default:
      return undefined
  }
}

const SCALARS = new Set(['text', 'textarea', 'email', 'code', 'select', 'radio', 'number', 'checkbox', 'date'])

function checkFields(fields: Field[], row: Row, path: string, walk: Walk): void {
  const { errors } = walk
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') {
      checkFields(field.fields, row, path, walk)
      continue
    }
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if (!('name' in tab) || !tab.name) checkFields(tab.fields, row, path, walk)
        else checkNested(tab.name, tab.fields, row, path, walk)
      }
      continue
    }
    if (!('name' in field) || !field.name) {
      // A group without a name keeps its fields on the row.
      if (field.type === 'group') checkFields(field.fields, row, path, walk)
      continue
    }
    if ('virtual' in field && field.virtual) continue
    const name = field.name
    const value = row[name]
    if (value === undefined || value === null) continue
    const here = `${path}${name}`
    if (field.type === 'group') {
      checkNested(name, field.fields, row, path, walk)
    } else if (field.type === 'array' || field.type === 'blocks') {
      if (!Array.isArray(value)) {
        errors.push({ path: here, message: `Must be a list of rows, not ${kindOf(value)}.` })
        continue
      }
      value.forEach((item, index) => {
        if (!isRow(item))
          return errors.push({ path: `${here}.${index}`, message: `Each row must be an object, not ${kindOf(item)}.` })
        const rowFields = field.type === 'array' ? field.fields : blockFields(field, item.blockType, walk.blocks)
        // Payload drops a row of an unknown block without a word (and with it what the editor meant to save).
        if (!rowFields)
          return errors.push({
            path: `${here}.${index}.blockType`,
            message:
              typeof item.blockType === 'string'
                ? `Unknown block type "${item.blockType.slice(0, 40)}".`
                : 'Each row must name its block type (blockType).',
          })
        checkFields(rowFields, item, `${here}.${index}.`, walk)
      })
    } else if (field.type === 'relationship' || field.type === 'upload') {
      const many = 'hasMany' in field && field.hasMany === true
      const items = many && Array.isArray(value) ? value : [value]
      if (many && !Array.isArray(value)) {
        errors.push({ path: here, message: `Must be a list, not ${kindOf(value)}.` })
        continue
      }
      const problem = items.map((item) => referenceProblem(field.relationTo, item, here, walk)).find(Boolean)
      if (problem) errors.push({ path: here, message: problem })
    } else if (SCALARS.has(field.type)) {
      const many = 'hasMany' in field && field.hasMany === true
      if (many && !Array.isArray(value)) {
        errors.push({ path: here, message: `Must be a list, not ${kindOf(value)}.` })
      } else if (many) {
        const problem = (value as unknown[])
          .map((item, index) => scalarProblem(field, row, name, item, index))
          .find(Boolean)
        if (problem)
          errors.push({ path: here, message: `Each item: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}` })
      } else {
        const problem = scalarProblem(field, row, name, value)
        if (problem) errors.push({ path: here, message: problem })
      }
    }
  }
}

function checkNested(name: string, fields: Field[], row: Row, path: string, walk: Walk): void {
  const value = row[name]
  if (value === undefined || value === null) return
  if (!isRow(value))
    walk.errors.push({ path: `${path}${name}`, message: `Must be an object of fields, not ${kindOf(value)}.` })
  else checkFields(fields, value, `${path}${name}.`, walk)
}

/** What is wrong with one relationship value (an id, or `{ relationTo, value }` when several collections are allowed), or undefined. */
function referenceProblem(relationTo: string | string[], item: unknown, path: string, walk: Walk): string | undefined {
  if (item === null) return undefined
  let collection: unknown = relationTo
  let id: unknown = item
  if (Array.isArray(relationTo)) {
    if (!isRow(item))
      return `Must be { "relationTo": ${relationTo.map((slug) => `"${slug}"`).join(' | ')}, "value": id }, not ${kindOf(item)}.`
    collection = item.relationTo
    id = item.value
    if (typeof collection !== 'string' || !relationTo.includes(collection))
      return `"relationTo" must be one of: ${relationTo.join(', ')}.`
    if (id === null || id === undefined) return undefined
  }
  const slug = collection as string
  const idType =
    (walk.payload.collections as Record<string, Payload['collections'][keyof Payload['collections']] | undefined>)[slug]
      ?.customIDType ?? walk.payload.db.defaultIDType
  const valid =
    (typeof id === 'string' || typeof id === 'number') &&
    isValidID(id, idType) &&
    (idType !== 'number' || (Number.isInteger(id) && (id as number) > 0 && (id as number) <= MAX_SERIAL))
  if (!valid)
    return `Must be the id of a document in ${slug}, not ${typeof id === 'string' ? `"${id.slice(0, 40)}"` : kindOf(id)}.`
  walk.references.push({ path, collection: slug, id: id as number | string })
  return undefined
}

/** One lookup per collection: every referenced document must exist (they would break a foreign key). */
async function missingReferences(references: Reference[], req: PayloadRequest): Promise<FieldError[]> {
  const byCollection = new Map<string, Reference[]>()
  for (const reference of references)
    byCollection.set(reference.collection, [...(byCollection.get(reference.collection) ?? []), reference])
  const errors: FieldError[] = []
  for (const [collection, refs] of byCollection) {
    const ids = [...new Set(refs.map((ref) => ref.id))]
    const found = await req.payload.find({
      collection: collection as never,
      where: { id: { in: ids } },
      limit: ids.length,
      depth: 0,
      pagination: false,
      select: {} as never,
      overrideAccess: true,
      req,
    })
    const existing = new Set(found.docs.map((doc) => String((doc as { id: unknown }).id)))
    for (const ref of refs) {
      if (!existing.has(String(ref.id)) && !errors.some((error) => error.path === ref.path)) {
        errors.push({ path: ref.path, message: `There is no document ${ref.id} in ${collection}.` })
      }
    }
  }
  return errors
}

/** The fields of the block a row names (inline or by reference); undefined for a block the field does not allow. */
function blockFields(
  field: Extract<Field, { type: 'blocks' }>,
  blockType: unknown,
  blocks: Block[],
): Field[] | undefined {
  const candidates = [
    ...(field.blocks ?? []),
    ...(field.blockReferences ?? []).map((b) => (typeof b === 'string' ? blocks.find((c) => c.slug === b) : b)),
  ]
  return candidates.find((block) => block?.slug === blockType)?.fields
}

/**
 * Payload's own coercion of a relationship to several collections reads `.relationTo` of every item of a
 * list: a null item throws (a 500) before any validation hook. Checked before the operation starts.
 */
function nullRelations(fields: Field[], row: Row, path: string, blocks: Block[], errors: FieldError[]): void {
  for (const field of fields) {
    if (
      field.type === 'row' ||
      field.type === 'collapsible' ||
      (field.type === 'group' && !('name' in field && field.name))
    ) {
      nullRelations(field.fields, row, path, blocks, errors)
      continue
    }
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        const named = 'name' in tab && tab.name
        const inner = named ? row[tab.name as string] : row
        if (isRow(inner)) nullRelations(tab.fields, inner, named ? `${path}${tab.name}.` : path, blocks, errors)
      }
      continue
    }
    if (!('name' in field) || !field.name) continue
    const value = row[field.name]
    const here = `${path}${field.name}`
    if (field.type === 'group' && isRow(value)) nullRelations(field.fields, value, `${here}.`, blocks, errors)
    if ((field.type === 'array' || field.type === 'blocks') && Array.isArray(value)) {
      value.forEach((item, index) => {
        const rowFields = !isRow(item)
          ? undefined
          : field.type === 'array'
            ? field.fields
            : blockFields(field, item.blockType, blocks)
        if (isRow(item) && rowFields) nullRelations(rowFields, item, `${here}.${index}.`, blocks, errors)
      })
    }
    if (
      (field.type === 'relationship' || field.type === 'upload') &&
      Array.isArray(field.relationTo) &&
      Array.isArray(value) &&
      value.some((item) => !isRow(item))
    ) {
      errors.push({ path: here, message: `Each item must be { "relationTo": …, "value": id }.` })
    }
  }
}

/** The fields' wrong-typed values and missing related documents, as Payload's validation errors name them; dates normalised in place. */
export async function valueTypeErrors(fields: Field[], data: unknown, req: PayloadRequest): Promise<FieldError[]> {
  const walk: Walk = { blocks: req.payload.config.blocks ?? [], payload: req.payload, errors: [], references: [] }
  if (isRow(data)) checkFields(fields, data, '', walk)
  if (walk.errors.length > 0) return walk.errors
  return walk.references.length > 0 ? missingReferences(walk.references, req) : []
}

const collectionPreGuard =
  (fields: Field[]): CollectionBeforeOperationHook =>
  ({ args, collection, operation, req }) => {
    if (operation !== 'create' && operation !== 'update') return args
    const errors: FieldError[] = []
    const data = (args as { data?: unknown }).data
    if (isRow(data)) nullRelations(fields, data, '', req.payload.config.blocks ?? [], errors)
    if (errors.length > 0) throw new ValidationError({ collection: collection.slug, errors }, req.t)
    return args
  }

const globalPreGuard =
  (fields: Field[]): GlobalBeforeOperationHook =>
  ({ args, global, operation, req }) => {
    if (operation !== 'update') return args
    const errors: FieldError[] = []
    const data = (args as { data?: unknown }).data
    if (isRow(data)) nullRelations(fields, data, '', req.payload.config.blocks ?? [], errors)
    if (errors.length > 0) throw new ValidationError({ global: global.slug, errors }, req.t)
    return args
  }

const collectionGuard =
  (fields: Field[]): CollectionBeforeValidateHook =>
  async ({ data, collection, req }) => {
    const errors = await valueTypeErrors(fields, data, req)
    if (errors.length > 0) throw new ValidationError({ collection: collection.slug, errors }, req.t)
    return data
  }

const globalGuard =
  (fields: Field[]): GlobalBeforeValidateHook =>
  async ({ data, global, req }) => {
    const errors = await valueTypeErrors(fields, data, req)
    if (errors.length > 0) throw new ValidationError({ global: global.slug, errors }, req.t)
    return data
  }

/** Puts the guard first among every collection's and global's `beforeValidate` hooks (on the built config: Payload's collections and timestamps included). */
export function withValueTypeGuards(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    collection.hooks.beforeOperation = [
      collectionPreGuard(collection.fields),
      ...(collection.hooks.beforeOperation ?? []),
    ]
    collection.hooks.beforeValidate = [collectionGuard(collection.fields), ...(collection.hooks.beforeValidate ?? [])]
  }
  for (const global of config.globals) {
    global.hooks.beforeOperation = [globalPreGuard(global.fields), ...(global.hooks.beforeOperation ?? [])]
    global.hooks.beforeValidate = [globalGuard(global.fields), ...(global.hooks.beforeValidate ?? [])]
  }
  return config
}
