/**
 * How archive IDs map onto MongoDB and back (README "Backup and restore", MongoDB). The archive
 * keeps the SQL form: numeric document and version IDs, text IDs for array and block rows. MongoDB
 * needs ObjectIds, so:
 *
 * - SQL → MongoDB: numeric ID `n` of table `t` becomes the ObjectId `<first 4 bytes of sha256(t)><n as
 *   8 bytes>`: deterministic, so every relationship (plain, polymorphic, hasMany, inside arrays,
 *   blocks, groups, tabs, and rich-text relationship/upload nodes) maps without a lookup table.
 * - MongoDB → SQL: an ObjectId minted that way decodes to its number; any other (created on MongoDB)
 *   gets the next free number of its table, in ObjectId order (which is creation order), and every
 *   reference to it is rewritten through the same table.
 * - Array and block row IDs are strings on both sides and are kept as they are.
 *
 * No MongoDB server runs here; these functions are pure and unit-tested, so a GitHub Actions job
 * with a MongoDB service can exercise a restore through them.
 */
import { createHash } from 'node:crypto'
import type { Field } from 'payload'

const OBJECT_ID = /^[0-9a-f]{24}$/

const scopeTag = (table: string) => createHash('sha256').update(table).digest('hex').slice(0, 8)

/** The ObjectId (hex) a numeric SQL ID of `table` becomes. */
export function toObjectId(table: string, id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new Error(`not a numeric SQL id: ${id}`)
  return `${scopeTag(table)}${id.toString(16).padStart(16, '0')}`
}

/** The numeric ID an ObjectId minted by toObjectId for `table` stands for, or null for any other. */
export function fromObjectId(table: string, objectId: string): number | null {
  const hex = objectId.toLowerCase()
  if (!OBJECT_ID.test(hex) || !hex.startsWith(scopeTag(table))) return null
  const id = Number.parseInt(hex.slice(8), 16)
  return Number.isSafeInteger(id) ? id : null
}

/** Numeric IDs for one table's ObjectIds: decoded where minted by toObjectId, else the next free, in ObjectId order. */
export function numericIdsFor(table: string, objectIds: string[]): Map<string, number> {
  const map = new Map<string, number>()
  let next = 0
  for (const objectId of objectIds) {
    const decoded = fromObjectId(table, objectId)
    if (decoded !== null) {
      map.set(objectId, decoded)
      next = Math.max(next, decoded)
    }
  }
  for (const objectId of [...objectIds].sort()) {
    if (!map.has(objectId)) map.set(objectId, ++next)
  }
  return map
}

type MapId = (collection: string, id: unknown) => unknown

/** A relationship value with its IDs mapped (plain, polymorphic `{ relationTo, value }`, populated `{ id }`). */
function mapRelationValue(value: unknown, relationTo: string | string[], mapId: MapId): unknown {
  if (value === null || value === undefined) return value
  if (Array.isArray(value)) return value.map((item) => mapRelationValue(item, relationTo, mapId))
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>
    if ('relationTo' in object && 'value' in object) {
      return { ...object, value: mapRelationValue(object.value, String(object.relationTo), mapId) }
    }
    if ('id' in object && typeof relationTo === 'string') return { ...object, id: mapId(relationTo, object.id) }
    return value
  }
  return typeof relationTo === 'string' ? mapId(relationTo, value) : value
}

/** Rich text (Lexical): relationship and upload nodes carry `{ relationTo, value }`. */
function mapLexical(node: unknown, mapId: MapId): unknown {
  if (Array.isArray(node)) return node.map((child) => mapLexical(child, mapId))
  if (!node || typeof node !== 'object') return node
  const object = { ...(node as Record<string, unknown>) }
  if ((object.type === 'relationship' || object.type === 'upload') && typeof object.relationTo === 'string') {
    object.value = mapRelationValue(object.value, object.relationTo, mapId)
  }
  for (const [key, value] of Object.entries(object)) {
    if (value && typeof value === 'object' && key !== 'value') object[key] = mapLexical(value, mapId)
  }
  return object
}

/**
 * Rewrites every reference in a document (as the Local API or MongoDB holds it) through `mapId`,
 * following the collection's fields. Used both ways: numeric → ObjectId and ObjectId → numeric.
 */
export function mapDocumentIds(fields: Field[], doc: Record<string, unknown>, mapId: MapId): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc }
  for (const field of fields as (Field & {
    name?: string
    fields?: Field[]
    tabs?: { name?: string; fields: Field[] }[]
  })[]) {
    if (field.type === 'row' || field.type === 'collapsible') {
      Object.assign(out, mapDocumentIds(field.fields ?? [], out, mapId))
      continue
    }
    if (field.type === 'tabs') {
      for (const tab of field.tabs ?? []) {
        if (tab.name) {
          const value = out[tab.name]
          if (value && typeof value === 'object')
            out[tab.name] = mapDocumentIds(tab.fields, value as Record<string, unknown>, mapId)
        } else Object.assign(out, mapDocumentIds(tab.fields, out, mapId))
      }
      continue
    }
    if (!field.name || !(field.name in out)) continue
    const value = out[field.name]
    switch (field.type) {
      case 'relationship':
      case 'upload':
        out[field.name] = mapRelationValue(value, field.relationTo as string | string[], mapId)
        break
      case 'group':
        if (value && typeof value === 'object')
          out[field.name] = mapDocumentIds(field.fields, value as Record<string, unknown>, mapId)
        break
      case 'array':
        if (Array.isArray(value)) out[field.name] = value.map((row) => mapDocumentIds(field.fields, row, mapId))
        break
      case 'blocks':
        if (Array.isArray(value)) {
          out[field.name] = value.map((row: Record<string, unknown>) => {
            const block = (field.blocks ?? []).find((b) => b.slug === row.blockType)
            return block ? mapDocumentIds(block.fields, row, mapId) : row
          })
        }
        break
      case 'richText':
        out[field.name] = mapLexical(value, mapId)
        break
    }
  }
  return out
}
