/**
 * Building blocks shared by every schema. Payload answers `null` for unset fields and a bare
 * ID for a relationship it did not populate; these helpers absorb both so renderers only
 * ever see "an object" or "nothing".
 */
import { z } from 'zod'

/** Numbers on SQL databases, strings (ObjectIds) on MongoDB. */
export const idSchema = z.union([z.number(), z.string()])

/** The URL segment every routable document needs: strict, since a page cannot link without it. */
export const slugSchema = z.string().min(1)

/** A document title: strict for the same reason. */
export const titleSchema = z.string().min(1)

/** Optional text: string, null or absent. */
export const text = () => z.string().nullish()

/**
 * A single relationship, as the object `schema` when populated, or null when unset, deleted
 * or left as a bare ID (too little depth): none of those can be rendered.
 */
export function populated<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (isId(value) ? null : value), schema.nullish())
}

/** A has-many relationship: only the populated members, in order; never null. */
export function populatedList<S extends z.ZodType>(schema: S) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value.filter((item) => item !== null && !isId(item)) : []),
    z.array(schema),
  )
}

/** An array field Payload may send as null or leave out: always an array for the renderer. */
export function list<S extends z.ZodType>(item: S) {
  return z.preprocess((value) => value ?? [], z.array(item))
}

/**
 * A select option the site can live without (an icon, a label): an unknown value added in
 * the CMS later becomes null instead of failing the whole document.
 */
export function lenientEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).nullish().catch(null)
}

function isId(value: unknown): value is number | string {
  return typeof value === 'number' || typeof value === 'string'
}
