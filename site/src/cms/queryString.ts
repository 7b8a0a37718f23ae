/**
 * Payload reads its query with `qs`, so nested objects travel in bracket syntax:
 * `{ where: { slug: { equals: 'x' } } }` → `where[slug][equals]=x`. Building it here keeps
 * queries readable as plain objects (and typed against the CMS's select types).
 */
export type QueryValue =
  string | number | boolean | Date | null | undefined | readonly QueryValue[] | { readonly [key: string]: QueryValue }

export type QueryParams = { readonly [key: string]: QueryValue }

/**
 * Serialises `params` into a query string without the leading `?`. Keys keep their order;
 * null and undefined are left out; arrays get indices (`in[0]=a&in[1]=b`), which qs reads
 * back as arrays; brackets stay readable, everything else is percent-encoded.
 */
export function toQueryString(params: QueryParams): string {
  const pairs: string[] = []
  for (const [key, value] of Object.entries(params)) collect(encodeURIComponent(key), value, pairs)
  return pairs.join('&')
}

function collect(prefix: string, value: QueryValue, pairs: string[]): void {
  if (value === null || value === undefined) return
  if (value instanceof Date) {
    pairs.push(`${prefix}=${encodeURIComponent(value.toISOString())}`)
  } else if (Array.isArray(value)) {
    value.forEach((item: QueryValue, index: number) => collect(`${prefix}[${index}]`, item, pairs))
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) collect(`${prefix}[${encodeURIComponent(key)}]`, child, pairs)
  } else {
    pairs.push(`${prefix}=${encodeURIComponent(String(value))}`)
  }
}
