/** Responses recorded from a real, seeded CMS by scripts/recordFixtures.ts. */
import { readFileSync } from 'node:fs'

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'))
}

/** The same document as a MongoDB-backed CMS would send it: every numeric `id` as a string. */
export function withStringIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withStringIds)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === 'id' && typeof child === 'number' ? `65f0c0ffee${child}` : withStringIds(child),
    ]),
  )
}
