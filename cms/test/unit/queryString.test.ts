/**
 * queryString.ts parses simple query strings itself and hands the rest to qs-esm: on every string,
 * generated from the pieces that change qs-esm's answer (brackets, digits, repeats, prototype names,
 * escapes, `+`, `]=`, depth), its result must equal qs-esm's with Payload's options, key order and
 * prototypes included. Seeded (FAST_CHECK_SEED), so a failure replays.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { parse } from 'qs-esm'
import { describe, expect, it } from 'vitest'

import { parseQuery, PAYLOAD_QS_OPTIONS } from '../../src/server/queryString'

const SEED = Number(process.env.FAST_CHECK_SEED ?? 20261207)
const payloadParse = (search: string) => parse(search, PAYLOAD_QS_OPTIONS)

/** Equal as qs-esm's answer is: same structure, same key order at every level, same prototypes. */
function expectSame(search: string): void {
  const ours = parseQuery(search)
  const theirs = payloadParse(search)
  expect(ours, search).toStrictEqual(theirs)
  expect(JSON.stringify(ours), search).toBe(JSON.stringify(theirs))
}

const word = fc.constantFrom(
  'where',
  'and',
  'or',
  'slug',
  'categories.slug',
  'equals',
  'in',
  'select',
  'populate',
  'title',
  'a',
  'b',
  '0',
  '1',
  '7',
  '01',
  '1000',
  '1001',
  '-1',
  'é',
  '%C3%A9',
  'a+b',
  'a%20b',
  '%',
  '%E0%A4%A',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x=y',
  '',
)
const segment = fc.oneof(
  word.map((text) => `[${text}]`),
  fc.constantFrom('[]', '[', ']', '%5B', '%5D', '%5Bx%5D', '][', '[a]b'),
)
const name = fc.tuple(word, fc.array(segment, { maxLength: 12 })).map(([root, rest]) => root + rest.join(''))
const pair = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(name, word).map(([key, value]) => `${key}=${value}`) },
  { weight: 1, arbitrary: name },
  { weight: 1, arbitrary: fc.tuple(name, word, word).map(([key, a, b]) => `${key}=${a}]=${b}`) },
)

describe('parseQuery', () => {
  it('equals qs-esm with Payload options on generated query strings', () => {
    console.info(`queryString differential test: FAST_CHECK_SEED=${SEED}`)
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), (pairs) => expectSame(pairs.join('&'))),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it('equals qs-esm on well-formed nested names, where it builds the object itself', () => {
    const simpleWord = fc.constantFrom('where', 'slug', 'equals', 'title', 'select', 'a', 'b', 'c', 'sort', 'x.y')
    const simpleName = fc
      .tuple(simpleWord, fc.array(simpleWord, { maxLength: 4 }))
      .map(([root, rest]) => root + rest.map((text) => `[${text}]`).join(''))
    fc.assert(
      fc.property(fc.array(fc.tuple(simpleName, word), { maxLength: 10 }), (pairs) =>
        expectSame(pairs.map(([key, value]) => `${key}=${value}`).join('&')),
      ),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it('equals qs-esm on the cases that send it there', () => {
    for (const search of [
      '',
      'a=1&a=2',
      'a=1&a[b]=2',
      'a[b]=2&a=1',
      'a[b]=1&a[b][c]=2',
      'a[]=1&a[]=2',
      'a[0]=x&a[2]=y&a[1]=z',
      'a[1001]=x',
      '5=a&b=c&2=d',
      'a[b]c=1',
      '[a]=1',
      '__proto__[x]=1&y=2',
      'a[constructor]=1&b=2',
      `a${'[b]'.repeat(11)}=1`,
      `a${'[b]'.repeat(10)}=1`,
      Array.from({ length: 1005 }, (_, index) => `k${index}=${index}`).join('&'),
      '=x&&b=1',
      'a%5Bb%5D=1&a[b]=2',
      'q=%E0%A4%A&r=100%',
      'a=b=c',
      'a[b=c]=d',
    ]) {
      expectSame(search)
    }
  })

  it('reads the site’s own list and document queries the same as qs-esm', () => {
    // The bench plan's request kinds (bench/requests.ts builds them with the site's query code).
    const urls = [
      'sort=-publishedAt&limit=9&page=3&depth=1&select[title]=true&select[slug]=true&populate[media][alt]=true&populate[media][sizes][card]=true&populate[categories][slug]=true',
      'where[categories.slug][equals]=design&sort=-publishedAt&limit=9&page=2&depth=1&select[title]=true',
      'where[slug][equals]=a-post&limit=1&pagination=false&depth=2&draft=false',
      'where[and][0][slug][equals]=x&where[and][1][_status][equals]=published',
    ]
    for (const search of urls) expectSame(search)
  })

  it('is the parse the query guard and the fast read share (one module, no other qs parse in src/server)', () => {
    const server = path.join(import.meta.dirname, '../../src/server')
    const files = fs.readdirSync(server, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'))
    const parsing = files.filter((file) =>
      /\bqs\.parse\(|from 'qs-esm'/.test(fs.readFileSync(path.join(server, file), 'utf8')),
    )
    expect(parsing).toEqual(['queryString.ts'])
  })
})
