/**
 * Which collections and globals a cached response may contain, so a change purges exactly the
 * responses it can affect. Depth 0 shows only the document itself; deeper reads may contain any
 * document reachable through relationships, uploads, or rich text (whose nodes can embed documents).
 */
import type { Field, SanitizedConfig } from 'payload'

type Node = {
  type?: string
  relationTo?: string | string[]
  fields?: Field[]
  blocks?: { fields: Field[] }[]
  tabs?: { fields: Field[] }[]
}

function directReferences(fields: Field[], all: string[], into: Set<string>): void {
  for (const field of fields as Node[]) {
    if ((field.type === 'relationship' || field.type === 'upload') && field.relationTo) {
      for (const slug of Array.isArray(field.relationTo) ? field.relationTo : [field.relationTo]) into.add(slug)
    }
    if (field.type === 'richText') for (const slug of all) into.add(slug)
    if (field.fields) directReferences(field.fields, all, into)
    for (const block of field.blocks ?? []) directReferences(block.fields, all, into)
    for (const tab of field.tabs ?? []) directReferences(tab.fields, all, into)
  }
}

export interface TagIndex {
  /** Tags for a read of a collection (or `global:<slug>`) at a given depth. */
  tagsFor: (target: string, depth: number) => string[]
}

export function buildTagIndex(config: SanitizedConfig): TagIndex {
  const collections = config.collections.filter((c) => !c.slug.startsWith('payload-')).map((c) => c.slug)
  const edges = new Map<string, Set<string>>()
  for (const collection of config.collections) {
    const refs = new Set<string>()
    directReferences(collection.fields, collections, refs)
    edges.set(collection.slug, refs)
  }
  for (const global of config.globals) {
    const refs = new Set<string>()
    directReferences(global.fields, collections, refs)
    edges.set(`global:${global.slug}`, refs)
  }
  const cache = new Map<string, string[]>()
  return {
    tagsFor(target, depth) {
      const key = `${target}@${depth}`
      const known = cache.get(key)
      if (known) return known
      const seen = new Set<string>([target])
      let frontier = [target]
      for (let level = 0; level < depth && frontier.length > 0; level += 1) {
        const next: string[] = []
        for (const node of frontier) {
          for (const ref of edges.get(node) ?? []) {
            if (!seen.has(ref)) {
              seen.add(ref)
              next.push(ref)
            }
          }
        }
        frontier = next
      }
      const tags = [...seen].sort()
      cache.set(key, tags)
      return tags
    },
  }
}
