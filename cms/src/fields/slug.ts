import type { CollectionSlug, FieldHook, TextField, Where } from 'payload'
import { MAX_SLUG_LENGTH, SLUG_PATTERN, slugify } from './slugify'
import { withOverrides } from './overrides'

interface SlugOptions {
  /** The field the slug is derived from when none is given. */
  from?: string
  /** Replaces any property of the field; `admin` is merged. */
  overrides?: Partial<TextField>
}

/**
 * Fills an empty slug from the source field, adding -2, -3 … until it is free in the
 * collection. A slug typed by the editor is kept as typed and must be valid and unique.
 */
const deriveSlug =
  (from: string): FieldHook =>
  async ({ value, data, originalDoc, req, collection }) => {
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
    const source = (data?.[from] ?? originalDoc?.[from]) as unknown
    if (typeof source !== 'string' || source.trim() === '') return value
    const base = slugify(source) || 'untitled'
    if (!collection) return base
    const ownId = originalDoc?.id as string | number | undefined
    for (let n = 1; n < 1000; n += 1) {
      const suffix = n === 1 ? '' : `-${n}`
      const candidate = `${base.slice(0, MAX_SLUG_LENGTH - suffix.length)}${suffix}`
      const where: Where = { slug: { equals: candidate } }
      if (ownId !== undefined) where.id = { not_equals: ownId }
      const taken = await req.payload.count({
        collection: collection.slug as CollectionSlug,
        where,
        req,
        overrideAccess: true,
      })
      if (taken.totalDocs === 0) return candidate
    }
    return `${base.slice(0, MAX_SLUG_LENGTH - 9)}-${Date.now().toString(36)}`
  }

/** A unique, URL-safe slug derived from a title. */
export function slugField({ from = 'title', overrides = {} }: SlugOptions = {}): TextField {
  const field: TextField = {
    name: 'slug',
    type: 'text',
    index: true,
    unique: true,
    maxLength: MAX_SLUG_LENGTH,
    admin: {
      position: 'sidebar',
      description: `Part of the page address. Left empty, it is made from the ${from}.`,
    },
    hooks: { beforeValidate: [deriveSlug(from)] },
    validate: (value: unknown) => {
      if (value === undefined || value === null || value === '')
        return 'A slug is required (or a title to derive it from).'
      if (typeof value !== 'string' || !SLUG_PATTERN.test(value)) {
        return 'Use lower-case letters, digits and single hyphens only (e.g. "my-first-post").'
      }
      return true
    },
  }
  return withOverrides(field, overrides)
}
