/**
 * Nesting depth of request text, measured by one pass over its characters before anything parses it.
 * Payload walks documents recursively (field traversal, hooks, validation), and a body nested a few
 * thousand levels deep overflows the stack outside any request's try/catch: the request never gets an
 * answer. These scans are loops with a counter, O(n), so they cannot overflow whatever they read, and
 * they stop as soon as the limit is passed.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const HASH = 0x23
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

/** Character (or byte) codes of a string or a UTF-8 buffer: the ASCII we look for never occurs inside a multi-byte sequence. */
type Text = string | Uint8Array
const codeAt = (text: Text, index: number): number => (typeof text === 'string' ? text.charCodeAt(index) : text[index])

/**
 * Deepest `{`/`[` nesting in JSON text, brackets inside strings not counted. Returns `limit + 1` as soon
 * as the text goes deeper than `limit`. Invalid JSON still gets a number; JSON.parse judges validity.
 */
export function jsonDepth(text: Text, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = codeAt(text, index)
    if (inString) {
      if (code === BACKSLASH) index++
      else if (code === QUOTE) inString = false
      continue
    }
    if (code === QUOTE) inString = true
    else if (code === 0x7b || code === 0x5b) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > limit) return deepest
      }
    } else if ((code === 0x7d || code === 0x5d) && depth > 0) depth--
  }
  return deepest
}

/**
 * Deepest nesting of a GraphQL document: selection sets `{}`, lists `[]` and argument lists `()`
 * together, outside strings, block strings and comments. Returns `limit + 1` once past `limit`.
 */
export function graphqlDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0
  let deepest = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === HASH) {
      while (
        index + 1 < text.length &&
        text.charCodeAt(index + 1) !== NEWLINE &&
        text.charCodeAt(index + 1) !== CARRIAGE_RETURN
      )
        index++
    } else if (code === QUOTE) {
      if (text.startsWith('"""', index)) {
        // Block string: only \""" escapes; it ends at the next unescaped """ (or the end of the text).
        index += 3
        while (index < text.length && !text.startsWith('"""', index)) index += text.startsWith('\\"""', index) ? 4 : 1
        index += 2
      } else {
        index++
        while (index < text.length) {
          const inner = text.charCodeAt(index)
          if (inner === BACKSLASH) index += 2
          else if (inner === QUOTE || inner === NEWLINE || inner === CARRIAGE_RETURN) break
          else index++
        }
      }
    } else if (code === 0x7b || code === 0x5b || code === 0x28) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > limit) return deepest
      }
    } else if ((code === 0x7d || code === 0x5d || code === 0x29) && depth > 0) depth--
  }
  return deepest
}

/**
 * True when any string (or object key) in a parsed JSON value contains U+0000: PostgreSQL cannot store
 * it in text, so it is refused everywhere to keep the adapters alike. Iterative: a parsed value may be deep.
 */
export function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element)
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (key.includes('\u0000')) return true
        stack.push(element)
      }
    }
  }
  return false
}
