/** The nesting scanners (depth.ts) and the multipart field lookup: exact on tricky text, and iterative on huge depths. */
import { describe, expect, it } from 'vitest'

import { graphqlDepth, hasNul, jsonDepth } from '../../../src/server/guards/depth'
import { multipartField } from '../../../src/server/guards/body'

/** Builds a value nested `n` deep without recursion (JSON.stringify of it would recurse). */
const nestedText = (n: number, open = '[', close = ']', inner = '1') => `${open.repeat(n)}${inner}${close.repeat(n)}`

describe('jsonDepth', () => {
  it('measures what JSON.parse builds', () => {
    for (const [text, depth] of [
      ['1', 0],
      ['"x"', 0],
      ['{}', 1],
      ['[]', 1],
      ['{"a":[1,{"b":[]}]}', 4],
      ['[[1],[[2]],3]', 3],
      ['{"a":{"b":{}},"c":{}}', 3],
    ] as const) {
      expect(jsonDepth(text), text).toBe(depth)
      expect(jsonDepth(Buffer.from(text)), text).toBe(depth)
    }
  })

  it('does not count brackets inside strings, keys included', () => {
    expect(jsonDepth('{"[[[[":"{{{{"}')).toBe(1)
    expect(jsonDepth(JSON.stringify({ title: '[[[[[[[[[[', '{{{': ']]]]}}}}' }))).toBe(1)
  })

  it('follows escapes: an escaped quote does not end a string, an escaped backslash does not escape the quote', () => {
    expect(jsonDepth(JSON.stringify({ a: 'say \\"[[[["' }))).toBe(1)
    expect(jsonDepth(JSON.stringify({ a: '\\', b: [[1]] }))).toBe(3)
    expect(jsonDepth(JSON.stringify({ a: '\\"', b: [[1]] }))).toBe(3)
    expect(jsonDepth('{"a":"\\u005b\\u005b","b":[]}')).toBe(2)
  })

  it('reads UTF-8 bytes and strings alike (multi-byte characters hide no brackets)', () => {
    const text = JSON.stringify({ a: ['日本語 😀 \u202e', { b: 'é[ü]' }], c: '𝄞{' })
    expect(jsonDepth(text)).toBe(3)
    expect(jsonDepth(Buffer.from(text, 'utf8'))).toBe(3)
    // A lone surrogate, written as an escape, is still inside its string.
    expect(jsonDepth('{"a":"\\ud800[","b":[1]}')).toBe(2)
  })

  it('stops just past the limit', () => {
    expect(jsonDepth(nestedText(50), 100)).toBe(50)
    expect(jsonDepth(nestedText(101), 100)).toBe(101)
    expect(jsonDepth(nestedText(5000), 100)).toBe(101)
    expect(jsonDepth(`{"title":${nestedText(100)}}`, 100)).toBe(101)
  })

  it('measures a million levels without overflowing the stack', () => {
    expect(jsonDepth(nestedText(1_000_000))).toBe(1_000_000)
    expect(jsonDepth(Buffer.from(nestedText(1_000_000, '{"a":', '}')))).toBe(1_000_000)
  })

  it('gives invalid JSON a number too (JSON.parse judges it afterwards)', () => {
    expect(jsonDepth('[[[')).toBe(3)
    expect(jsonDepth(']]]{')).toBe(1)
    expect(jsonDepth('"unterminated [[[')).toBe(0)
  })
})

describe('graphqlDepth', () => {
  it('counts selection sets, lists and argument lists', () => {
    expect(graphqlDepth('{ Posts { docs { title } } }')).toBe(3)
    expect(graphqlDepth('query($w: Post_where) { Posts(where: $w) { totalDocs } }')).toBe(2)
    expect(graphqlDepth('{ Posts(where: { and: [{ title: { equals: "x" } }] }) { totalDocs } }')).toBe(6)
  })

  it('ignores brackets in strings, block strings and comments', () => {
    expect(graphqlDepth('{ Posts(where: { title: { like: "{[(\\"{{" } }) { totalDocs } }')).toBe(4)
    expect(graphqlDepth('{ a(b: """ {{{{ \\""" [[[[ """) }')).toBe(2)
    expect(graphqlDepth('# {{{{{{{{\n{ a }')).toBe(1)
    expect(graphqlDepth('{ a } # ((((\r{ b }')).toBe(1)
  })

  it('stops just past the limit and handles huge depths iteratively', () => {
    expect(graphqlDepth(`{ ${'author { '.repeat(40)} id ${'} '.repeat(40)} }`, 100)).toBe(41)
    expect(graphqlDepth(`{ ${'a { '.repeat(200)} id ${'} '.repeat(200)} }`, 100)).toBe(101)
    expect(graphqlDepth(nestedText(1_000_000, '{', '}', 'a'))).toBe(1_000_000)
  })
})

describe('hasNul', () => {
  it('finds U+0000 in nested strings and keys, and nothing else', () => {
    expect(hasNul({ a: [1, { b: 'x\u0000' }] })).toBe(true)
    expect(hasNul({ a: [{ 'k\u0000': 1 }] })).toBe(true)
    expect(hasNul({ a: [1, null, true, { b: 'fine', c: ['\\u0000'] }] })).toBe(false)
    expect(hasNul('\u0000')).toBe(true)
  })

  it('walks a value 100 000 levels deep without recursion', () => {
    const deep = JSON.parse(nestedText(100_000, '[', ']', '"x\\u0000"'))
    expect(hasNul(deep)).toBe(true)
    expect(hasNul(JSON.parse(nestedText(100_000)))).toBe(false)
  })
})

describe('multipartField', () => {
  const boundary = 'XyZ123'
  const part = (headers: string, value: string | Buffer) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(value), Buffer.from('\r\n')])
  const end = Buffer.from(`--${boundary}--\r\n`)

  it('finds a field by its part headers, wherever it is', () => {
    const body = Buffer.concat([
      part(
        'Content-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png',
        Buffer.from('name="_payload"\r\n\r\n[[[['),
      ),
      part('Content-Disposition: form-data; name="_payload"', '{"alt":"x"}'),
      end,
    ])
    expect(multipartField(body, boundary, '_payload')?.toString()).toBe('{"alt":"x"}')
  })

  it('does not take a similarly named field, and answers undefined when there is none', () => {
    const body = Buffer.concat([part('Content-Disposition: form-data; name="x_payload"', '[]'), end])
    expect(multipartField(body, boundary, '_payload')).toBeUndefined()
  })
})
