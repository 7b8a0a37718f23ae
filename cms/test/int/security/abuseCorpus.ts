/**
 * Hostile requests: hand-written cases and fast-check generators. Each case says what a correct server
 * answers: `client` (a 4xx in the error envelope), `ok` (a 2xx: the input is valid and harmless) or
 * `either` (valid or not depending on the drawn value, but never a 5xx).
 */
import fc from 'fast-check'

export type Expectation = 'client' | 'ok' | 'either'

export interface AbuseCase {
  name: string
  method?: string
  /** Path under the API root (starts with /), or an absolute path on the host when `root` is set. */
  path: string
  root?: boolean
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Send as the author account (for escalation attempts). */
  asAuthor?: boolean
  /** Send as this caller (systematic cases). */
  as?: 'anonymous' | 'author' | 'editor' | 'admin'
  expect: Expectation
  /** The error code a 4xx must carry. */
  code?: string
  /** An error code the answer must not carry (e.g. BODY_TOO_DEEP for a body within the limit). */
  notCode?: string
}

const json = { 'content-type': 'application/json' }
/** URLs are UTF-8: lone surrogates become U+FFFD (bodies carry them as JSON escapes instead). */
const enc = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd'))
const gql = (query: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra })

export const COLLECTIONS = [
  'pages',
  'posts',
  'services',
  'projects',
  'demos',
  'testimonials',
  'categories',
  'media',
  'inquiries',
  'users',
]
const FIELDS = [
  'title',
  'slug',
  '_status',
  'id',
  'createdAt',
  'author',
  'author.email',
  'email',
  'hash',
  'version.title',
  'layout.heading',
  'categories.title',
  'publishedAt',
  'name',
  'role',
]
const OPERATORS = [
  'equals',
  'not_equals',
  'like',
  'contains',
  'in',
  'not_in',
  'exists',
  'greater_than',
  'less_than_equal',
  'near',
  'within',
  'intersects',
  'all',
  '$ne',
  '$where',
  '$regex',
  '$gt',
  '__proto__',
  'constructor',
  'prototype',
]
const NASTY_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '%00',
  "' OR '1'='1",
  '"; DROP TABLE posts; --',
  '(a+)+$',
  '(a|aa)+$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '%_%_%_%_%_%_%_%_%_%_%_%_%_%_%',
  '\\',
  '[[[[[[[[[[',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '\u202eevil\u202c',
  '\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd',
  '\ud83d\ude00'.repeat(50),
  '\ud800',
  'x'.repeat(5000),
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '507f1f77bcf86cd799439011',
  '-1',
  '99999999999999999999999',
]

/** Cases written by hand: each a known trick, with the answer it deserves. */
export function handWrittenCases(ids: { publishedPost: number | string; author: number | string }): AbuseCase[] {
  const cases: AbuseCase[] = []
  const add = (c: AbuseCase) => cases.push(c)

  // Malformed and wrongly typed JSON.
  for (const body of [
    '{',
    '{"title":',
    'nul',
    '[1,2',
    '{"a":1}}',
    '\u0000',
    '{"a":"\\u"}',
    '{"a":NaN}',
    "{'a':1}",
    '{"a":1,}',
    '\ufeff{"a":1',
  ]) {
    add({
      name: `malformed JSON to posts: ${JSON.stringify(body)}`,
      method: 'POST',
      path: '/posts',
      headers: json,
      body,
      expect: 'client',
    })
    add({
      name: `malformed JSON to inquiries: ${JSON.stringify(body)}`,
      method: 'POST',
      path: '/inquiries',
      headers: json,
      body,
      expect: 'client',
    })
    add({
      name: `malformed JSON to login: ${JSON.stringify(body)}`,
      method: 'POST',
      path: '/users/login',
      headers: json,
      body,
      expect: 'client',
    })
    add({
      name: `malformed JSON to graphql: ${JSON.stringify(body)}`,
      method: 'POST',
      path: '/graphql',
      headers: json,
      body,
      expect: 'client',
    })
  }
  for (const body of ['null', '1', '"string"', 'true', '[]', '[{"name":"x"}]', '{}']) {
    add({
      name: `JSON ${body} as an inquiry`,
      method: 'POST',
      path: '/inquiries',
      headers: json,
      body,
      expect: 'client',
    })
    add({
      name: `JSON ${body} as a login`,
      method: 'POST',
      path: '/users/login',
      headers: json,
      body,
      expect: 'client',
    })
    add({
      name: `JSON ${body} as a GraphQL request`,
      method: 'POST',
      path: '/graphql',
      headers: json,
      body,
      expect: 'client',
    })
  }
  add({
    name: 'inquiry with every field the wrong type',
    method: 'POST',
    path: '/inquiries',
    headers: json,
    body: JSON.stringify({ name: 1, email: ['a'], message: { a: 1 }, budget: 7, company: false }),
    expect: 'client',
  })
  add({
    name: 'inquiry with formStartedAt an object',
    method: 'POST',
    path: '/inquiries',
    headers: json,
    body: JSON.stringify({ name: 'A', email: 'a@b.co', message: 'long enough message', formStartedAt: { a: 1 } }),
    expect: 'client',
  })
  add({
    name: 'inquiry with honeypot an object',
    method: 'POST',
    path: '/inquiries',
    headers: json,
    body: JSON.stringify({ name: 'A', email: 'a@b.co', message: 'long enough message', website: { a: 1 } }),
    expect: 'either',
  })

  // Login and NoSQL-style operator injection.
  for (const body of [
    { email: { $ne: null }, password: { $ne: null } },
    { email: { $gt: '' }, password: 'x' },
    { email: 'admin@test.mspn.dev', password: { $regex: '.*' } },
    { email: ['a@b.co', 'c@d.co'], password: ['x'] },
    { email: 'a@b.co', password: 'x'.repeat(100_000) },
    { email: '\u0000@b.co', password: 'x' },
    { email: 'a'.repeat(10_000) + '@b.co', password: 'x' },
    { email: 'a@b.co' },
    { password: 'x' },
    { __proto__: { admin: true }, email: 'a@b.co', password: 'x' },
  ]) {
    add({
      name: `login injection ${JSON.stringify(body).slice(0, 60)}`,
      method: 'POST',
      path: '/users/login',
      headers: json,
      body: JSON.stringify(body),
      expect: 'client',
    })
  }
  add({
    name: 'forgot-password with an operator',
    method: 'POST',
    path: '/users/forgot-password',
    headers: json,
    body: JSON.stringify({ email: { $ne: null } }),
    expect: 'client',
  })
  add({
    name: 'reset-password with a forged token',
    method: 'POST',
    path: '/users/reset-password',
    headers: json,
    body: JSON.stringify({ token: { $ne: null }, password: 'new-password-1234' }),
    expect: 'client',
  })
  add({
    name: 'reset-password with a random token',
    method: 'POST',
    path: '/users/reset-password',
    headers: json,
    body: JSON.stringify({ token: 'abc', password: 'new-password-1234' }),
    expect: 'client',
  })
  add({
    name: 'unlock as anonymous',
    method: 'POST',
    path: '/users/unlock',
    headers: json,
    body: JSON.stringify({ email: 'a@b.co' }),
    expect: 'client',
  })
  add({
    name: 'refresh-token without a token',
    method: 'POST',
    path: '/users/refresh-token',
    headers: json,
    body: '{}',
    expect: 'client',
  })
  add({
    name: 'verify with a junk token',
    method: 'POST',
    path: '/users/verify/%00junk',
    headers: json,
    body: '{}',
    expect: 'client',
  })
  add({
    name: 'first-register when users exist',
    method: 'POST',
    path: '/users/first-register',
    headers: json,
    body: JSON.stringify({ email: 'x@y.co', password: 'long-enough-pass', name: 'X' }),
    expect: 'client',
  })

  // Prototype tricks in bodies (role escalation by a signed-in author) and in queries.
  for (const body of [
    `{"__proto__":{"role":"admin"},"name":"Ada"}`,
    `{"constructor":{"prototype":{"role":"admin"}},"name":"Ada"}`,
    `{"role":"admin"}`,
    `{"role":["admin"]}`,
    `{"role":{"equals":"admin"}}`,
    `{"name":"Ada","__proto__":null}`,
  ]) {
    add({
      name: `author escalates with ${body}`,
      method: 'PATCH',
      path: `/users/${ids.author}`,
      headers: json,
      body,
      asAuthor: true,
      expect: 'either',
    })
  }
  add({
    name: 'author bulk-updates users by where',
    method: 'PATCH',
    path: '/users?where[id][exists]=true',
    headers: json,
    body: '{"role":"admin"}',
    asAuthor: true,
    expect: 'either',
  })
  add({
    name: 'anonymous bulk delete of posts',
    method: 'DELETE',
    path: '/posts?where[id][exists]=true',
    expect: 'client',
  })
  add({
    name: 'anonymous bulk update of posts',
    method: 'PATCH',
    path: '/posts?where[id][exists]=true',
    headers: json,
    body: '{"title":"x"}',
    expect: 'client',
  })
  for (const query of [
    'where[__proto__][polluted]=1',
    'where[constructor][prototype][polluted]=1',
    'where[title][__proto__]=1',
    'where[title][constructor]=1',
    'where[$where]=sleep(1000)',
    'where[title][$where]=1',
    'where[title][$ne]=x',
    'where[title][$regex]=.*',
    'where[title][$gt]=',
    'where[or][__proto__][x]=1',
    'where[and]=notanarray',
    'where[or]=1',
    'where=1',
    'where[title]=x',
    'where[title][equals][equals]=x',
    'where[title][in]=',
    'where[title][in][]=a&where[title][in][]=b',
    'where[id][in]=a,b,c',
    'where[id][equals]=abc',
    'where[id][equals]=507f1f77bcf86cd799439011',
    'where[id][greater_than]=NaN',
    'where[publishedAt][greater_than]=not-a-date',
    'where[publishedAt][near]=1,2',
    'where[publishedAt][equals]=yesterday',
    'where[categories][in]=x,y',
    'where[coverImage][equals]=abc',
    'where[createdAt][like]=2026',
    'where[publishedAt][contains]=1',
    'where[categories.title][equals][in]=x',
    'where[title][near]=1,2,3',
    'where[title][within]={"type":"Polygon"}',
    'where[title][exists]=maybe',
    'where[title][like]=%25',
    'where[title][like]=(a%2B)%2B%24',
    'where[title][contains]=((((((((((a*)*)*)*)*)*)*)*)*)*',
    'where[title][like]=\\',
    'where[title][like]=_',
    'sort=__proto__',
    'sort=constructor',
    'sort=-',
    'sort=,,,',
    'sort=title,title,-title',
    'sort[]=title&sort[]=-id',
    'sort[$ne]=1',
    'select[__proto__]=true',
    'select[constructor][prototype]=true',
    'select=title',
    'select[title]=maybe',
    'populate[__proto__][x]=true',
    'populate[users]=1',
    'populate=categories',
    'depth=__proto__',
    'locale=__proto__',
    'locale=../../etc',
    'fallback-locale=%00',
    'draft=__proto__',
    'draft[]=true',
    'limit[]=1',
    'page[$gt]=1',
    'joins[__proto__]=1',
    'trash=true',
    'pagination=false&limit=100000',
  ]) {
    add({ name: `query trick ${query}`, path: `/posts?${query}`, expect: 'either' })
  }

  // Invalid ids, for every adapter: numbers where ObjectIds live and the other way round.
  for (const id of [
    'abc',
    '1.5',
    '-1',
    '0',
    '1e3',
    '0x10',
    '99999999999999999999999',
    '507f1f77bcf86cd799439011',
    'ffffffffffffffffffffffff',
    '%00',
    "1'%20OR%20'1'%3D'1",
    '1;DROP',
    'null',
    'undefined',
    'NaN',
    'true',
    '[]',
    '%7B%7D',
    '..%2F..%2Fetc%2Fpasswd',
    'x'.repeat(2000),
    '%F0%9F%98%80',
    '%E2%80%AE1',
  ]) {
    add({ name: `GET post by id ${id.slice(0, 40)}`, path: `/posts/${id}`, expect: 'client' })
    add({
      name: `PATCH page by id ${id.slice(0, 40)}`,
      method: 'PATCH',
      path: `/pages/${id}`,
      headers: json,
      body: '{"title":"x"}',
      expect: 'client',
    })
    add({
      name: `DELETE category by id ${id.slice(0, 40)}`,
      method: 'DELETE',
      path: `/categories/${id}`,
      expect: 'client',
    })
  }
  add({ name: 'GET a published post by id', path: `/posts/${ids.publishedPost}`, expect: 'ok' })

  // Numbers out of range.
  for (const [param, value] of [
    ['limit', '1000000000'],
    ['limit', '-1'],
    ['limit', 'NaN'],
    ['limit', '1e309'],
    ['limit', '0'],
    ['limit', '1.5'],
    ['limit', ''],
    ['limit', 'abc'],
    ['limit', '-0'],
    ['limit', '99999999999999999999'],
    ['page', '-5'],
    ['page', '0'],
    ['page', '1e20'],
    ['page', 'NaN'],
    ['page', '99999999999999999999'],
    ['page', '1.5'],
    ['depth', '1000'],
    ['depth', '-1'],
    ['depth', 'NaN'],
    ['depth', '1e309'],
    ['depth', '4.5'],
    ['depth', '99999999999999999999'],
  ] as const) {
    add({ name: `${param}=${value}`, path: `/posts?${param}=${enc(value)}`, expect: 'either' })
  }

  // Wrong content types and oversized bodies.
  for (const type of [
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=xyz',
    'application/octet-stream',
    'image/png',
    'application/json; charset=utf-16',
    'application/json; charset=bogus',
    '',
    'application/json, text/plain',
    ';;;',
  ]) {
    add({
      name: `inquiry as ${type || 'no content type'}`,
      method: 'POST',
      path: '/inquiries',
      headers: type ? { 'content-type': type } : {},
      body: '{"name":"A","email":"a@b.co","message":"long enough message"}',
      expect: type === '' || type.startsWith('application/json') || type === 'text/plain' ? 'either' : 'client',
    })
    add({
      name: `graphql as ${type || 'no content type'}`,
      method: 'POST',
      path: '/graphql',
      headers: type ? { 'content-type': type } : {},
      body: '{"query":"{ Posts { totalDocs } }"}',
      expect: 'either',
    })
  }
  add({
    name: 'multipart junk to media',
    method: 'POST',
    path: '/media',
    headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nnotapng\r\n--xyz--',
    expect: 'client',
  })
  const override = { 'content-type': 'application/x-www-form-urlencoded', 'x-payload-http-method-override': 'GET' }
  add({
    name: 'method-override read with an object value',
    method: 'POST',
    path: '/posts',
    headers: override,
    body: 'where[title][equals][equals]=x',
    expect: 'client',
  })
  add({
    name: 'method-override read with limit=1.5',
    method: 'POST',
    path: '/posts',
    headers: override,
    body: 'limit=1.5',
    expect: 'client',
  })
  add({
    name: 'method-override read, valid',
    method: 'POST',
    path: '/posts',
    headers: override,
    body: 'where[title][like]=Public&limit=5',
    expect: 'ok',
  })
  add({
    name: 'form-encoded write without override',
    method: 'POST',
    path: '/inquiries',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'name=A&email=a%40b.co&message=long+enough+message',
    expect: 'client',
  })
  add({
    name: 'admin-style multipart (_payload) inquiry',
    method: 'POST',
    path: '/inquiries',
    headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    body: `--xyz\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"name":"A","email":"a@b.co","message":"long enough message","formStartedAt":${Date.now() - 60_000}}\r\n--xyz--\r\n`,
    expect: 'ok',
  })
  add({
    name: 'admin-style multipart (_payload) with broken JSON',
    method: 'POST',
    path: '/inquiries',
    headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    body: '--xyz\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"name":\r\n--xyz--\r\n',
    expect: 'client',
  })
  add({
    name: 'multipart without closing boundary',
    method: 'POST',
    path: '/inquiries',
    headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    body: '--xyz\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"name":',
    expect: 'client',
  })
  add({
    name: 'oversized JSON body',
    method: 'POST',
    path: '/inquiries',
    headers: json,
    body: JSON.stringify({ name: 'A', email: 'a@b.co', message: 'x'.repeat(2 * 1024 * 1024) }),
    expect: 'client',
  })
  add({
    name: 'oversized GraphQL body',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(`{ ${'a: Posts { totalDocs } '.repeat(60_000)} }`),
    expect: 'client',
  })
  add({
    name: 'oversized login body',
    method: 'POST',
    path: '/users/login',
    headers: json,
    body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(3 * 1024 * 1024) }),
    expect: 'client',
  })
  add({
    name: 'inquiry message over its maxLength',
    method: 'POST',
    path: '/inquiries',
    headers: json,
    body: JSON.stringify({ name: 'A', email: 'a@b.co', message: 'x'.repeat(6000) }),
    expect: 'client',
  })

  // Deeply nested where, in the query string and in GraphQL.
  for (const depth of [6, 20, 60, 200]) {
    add({
      name: `where nested ${depth} deep (query string)`,
      path: `/posts?${'where' + '[and][0]'.repeat(depth)}[title][equals]=x`,
      expect: 'either',
    })
    const nested = (n: number): string => (n === 0 ? '{ title: { equals: "x" } }' : `{ and: [${nested(n - 1)}] }`)
    add({
      name: `where nested ${depth} deep (GraphQL)`,
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: gql(`{ Posts(where: ${nested(depth)}) { totalDocs } }`),
      expect: 'either',
    })
  }
  add({
    name: 'where with 2000 or-branches',
    path: `/posts?${Array.from({ length: 2000 }, (_, i) => `where[or][${i}][title][equals]=${i}`)
      .join('&')
      .slice(0, 7000)}`,
    expect: 'either',
  })

  // GraphQL bombs.
  add({
    name: 'GraphQL every relationship at once',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(
      '{ Posts(limit: 100) { docs { author { id } categories { id } coverImage { id } } } Pages(limit: 100) { docs { id } } }',
    ),
    expect: 'either',
  })
  add({
    name: 'GraphQL nested selection 40 deep',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(`{ Posts { docs { ${'author { '.repeat(40)} id ${'} '.repeat(40)} } } }`),
    expect: 'either',
  })
  add({
    name: 'GraphQL alias bomb (500 aliases)',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(`{ ${Array.from({ length: 500 }, (_, i) => `a${i}: Posts(limit: 100) { docs { title } }`).join(' ')} }`),
    expect: 'either',
  })
  add({
    name: 'GraphQL field duplication bomb',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(`{ Posts { docs { ${'title '.repeat(20_000)} } } }`),
    expect: 'either',
  })
  add({
    name: 'GraphQL batch of 200 queries',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: JSON.stringify(Array.from({ length: 200 }, () => ({ query: '{ Posts { totalDocs } }' }))),
    expect: 'either',
  })
  add({
    name: 'GraphQL batch of 5000 queries',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: JSON.stringify(Array.from({ length: 5000 }, () => ({ query: '{ Posts { totalDocs } }' }))),
    expect: 'either',
  })
  add({
    name: 'GraphQL fragment cycle',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('fragment A on Post { ...B } fragment B on Post { ...A } { Posts { docs { ...A } } }'),
    expect: 'client',
  })
  add({
    name: 'GraphQL directive spam',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(`{ Posts { totalDocs ${'@include(if: true) '.repeat(3000)} } }`),
    expect: 'either',
  })
  add({
    name: 'GraphQL introspection',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('{ __schema { types { name } } }'),
    expect: 'either',
  })
  add({
    name: 'GraphQL deep introspection',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql(`{ __schema { types { ${'fields { type { ofType { '.repeat(10)} name ${'} } } '.repeat(10)} } } }`),
    expect: 'either',
  })
  add({
    name: 'GraphQL query is a number',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: JSON.stringify({ query: 42 }),
    expect: 'client',
  })
  add({
    name: 'GraphQL query is an object',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: JSON.stringify({ query: { a: 1 } }),
    expect: 'client',
  })
  add({
    name: 'GraphQL no query',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: '{"variables":{}}',
    expect: 'client',
  })
  add({
    name: 'GraphQL variables not an object',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('query($id: Int!) { Post(id: $id) { id } }', { variables: 'x' }),
    expect: 'client',
  })
  add({
    name: 'GraphQL variable of the wrong type',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('query($id: Int!) { Post(id: $id) { id } }', { variables: { id: 'abc' } }),
    expect: 'client',
  })
  add({
    name: 'GraphQL id literal of the wrong type',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('{ Post(id: "507f1f77bcf86cd799439011") { id } }'),
    expect: 'either',
  })
  add({
    name: 'GraphQL id out of range',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('{ Post(id: 99999999999999999999) { id } }'),
    expect: 'client',
  })
  add({
    name: 'GraphQL operationName missing',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('query A { Posts { totalDocs } } query B { Posts { totalDocs } }'),
    expect: 'client',
  })
  add({
    name: 'GraphQL operationName unknown',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('query A { Posts { totalDocs } }', { operationName: 'Z' }),
    expect: 'client',
  })
  add({
    name: 'GraphQL mutation via huge limit',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('{ Posts(limit: 2147483647, page: 2147483647) { totalDocs } }'),
    expect: 'either',
  })
  add({
    name: 'GraphQL negative limit',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('{ Posts(limit: -1, page: -1) { totalDocs } }'),
    expect: 'either',
  })
  add({
    name: 'GraphQL createInquiry with wrong types',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('mutation($d: mutationInquiryInput!) { createInquiry(data: $d) { id } }', {
      variables: { d: { name: 1, email: [], message: {}, status: 'new' } },
    }),
    expect: 'client',
  })
  add({
    name: 'GraphQL where on a hidden field',
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: gql('{ Users(where: { hash: { exists: true } }) { totalDocs } }'),
    expect: 'client',
  })
  add({
    name: 'GraphQL GET',
    method: 'GET',
    path: '/graphql?query=%7B%20Posts%20%7B%20totalDocs%20%7D%20%7D',
    expect: 'either',
  })
  add({ name: 'GraphQL playground probe', method: 'GET', path: '/graphql-playground', expect: 'either' })

  // Headers.
  for (const authorization of [
    'JWT garbage',
    'JWT eyJhbGciOiJub25lIn0.eyJpZCI6MSwiY29sbGVjdGlvbiI6InVzZXJzIn0.',
    'Bearer x',
    'users API-Key ',
    `users API-Key ${'k'.repeat(5000)}`,
    'users API-Key %00',
    'Basic YWRtaW46YWRtaW4=',
    'JWT ' + 'a.'.repeat(2000),
    'other API-Key abc',
  ]) {
    add({
      name: `authorization ${authorization.slice(0, 40)}`,
      path: '/users',
      headers: { authorization },
      expect: 'client',
    })
    add({
      name: `authorization ${authorization.slice(0, 40)} on a public read`,
      path: '/posts?limit=1',
      headers: { authorization },
      expect: 'either',
    })
  }
  add({
    name: 'cookie with a junk token',
    path: '/users/me',
    headers: { cookie: 'payload-token=junk' },
    expect: 'either',
  })
  add({
    name: 'x-request-id with junk characters',
    path: '/posts?limit=1',
    headers: { 'x-request-id': 'abc%01def\\' },
    expect: 'ok',
  })
  add({
    name: 'accept-language junk',
    path: '/posts?limit=1',
    headers: { 'accept-language': '__proto__, constructor;q=2' },
    expect: 'ok',
  })

  // Methods and paths.
  for (const [method, path] of [
    ['PUT', '/posts'],
    ['PUT', `/posts/${ids.publishedPost}`],
    ['OPTIONS', '/posts'],
    ['PATCH', '/posts'],
    ['DELETE', '/globals/site-settings'],
    ['POST', '/globals/nope'],
    ['GET', '/nope'],
    ['GET', '/__proto__'],
    ['GET', '/constructor'],
    ['GET', '/globals/__proto__'],
    ['GET', '/posts/versions/abc'],
    ['POST', '/posts/versions/abc'],
    ['GET', '/posts/%2e%2e/users'],
    ['GET', '/%2e%2e/%2e%2e/etc/passwd'],
    ['GET', '/media/file/..%2F..%2Fpackage.json'],
    ['GET', '/media/file/%00'],
    ['GET', '/media/file/nope.png'],
    ['GET', '/posts/count/extra'],
    ['POST', '/posts/access/1'],
    ['GET', '/posts/init'],
    ['GET', '/users/me?depth=99'],
    ['POST', '/users/logout'],
    ['GET', '/payload-jobs/run'],
    ['POST', '/payload-jobs/run'],
    ['GET', '/payload-preferences/__proto__'],
    ['POST', '/payload-preferences/%00'],
    ['DELETE', '/payload-preferences/x'],
    ['GET', '/openapi.json'],
    ['GET', '/access'],
    ['GET', '/globals/site-settings/access'],
  ] as const) {
    add({
      name: `${method} ${path}`,
      method,
      path,
      headers: method === 'GET' || method === 'OPTIONS' ? {} : json,
      body: method === 'GET' || method === 'OPTIONS' ? undefined : '{}',
      expect: 'either',
    })
  }
  return cases
}

// ---------------------------------------------------------------- generators

const nasty = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
)
const collection = fc.constantFrom(...COLLECTIONS)

/** Random `where`/`sort`/`select`/`limit` query strings, built from real and made-up fields and operators. */
const queryString = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.constantFrom(...FIELDS, '__proto__', 'constructor'), fc.constantFrom(...OPERATORS), nasty)
        .map(([f, o, v]) => `where[${f}][${o}]=${enc(v)}`),
      fc
        .tuple(
          fc.constantFrom('and', 'or'),
          fc.nat(5),
          fc.constantFrom(...FIELDS),
          fc.constantFrom(...OPERATORS),
          nasty,
        )
        .map(([c, i, f, o, v]) => `where[${c}][${i}][${f}][${o}]=${enc(v)}`),
      fc
        .tuple(fc.constantFrom('limit', 'page', 'depth', 'draft', 'sort', 'locale', 'pagination'), nasty)
        .map(([k, v]) => `${k}=${enc(v)}`),
      fc.tuple(fc.constantFrom(...FIELDS), nasty).map(([f, v]) => `select[${f}]=${enc(v)}`),
      nasty.map((v) => `${enc(v)}=${enc(v)}`),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join('&'))

const reads = fc
  .tuple(collection, queryString)
  .map(([c, q]): AbuseCase => ({ name: `GET /${c}?${q}`.slice(0, 200), path: `/${c}?${q}`, expect: 'either' }))
const counts = fc.tuple(collection, queryString).map(([c, q]): AbuseCase => ({
  name: `GET /${c}/count?${q}`.slice(0, 200),
  path: `/${c}/count?${q}`,
  expect: 'either',
}))

/** Ids of every shape: numbers, ObjectId-like hex, and junk. */
const badId = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{24}$/),
  fc.integer({ min: -1_000_000, max: -1 }).map(String),
  fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map(String),
  fc.double({ noInteger: true }).map(String),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => !/^\d+$/.test(s.trim())),
)
const byId = fc
  .tuple(collection, badId, fc.constantFrom('GET', 'PATCH', 'DELETE'))
  .map(([c, id, method]): AbuseCase => ({
    name: `${method} /${c}/${id}`.slice(0, 200),
    method,
    path: `/${c}/${enc(id)}`,
    headers: method === 'PATCH' ? json : {},
    body: method === 'PATCH' ? '{"title":"x"}' : undefined,
    // An id that only exists by accident (e.g. "1.0") would be a 200; a double like 1.5 names nothing.
    expect: 'client',
  }))

/** Any JSON, or any text, posted anonymously to endpoints that must refuse it. */
const anonymousWrites = fc
  .tuple(
    fc.constantFrom(
      '/posts',
      '/pages',
      '/users',
      '/categories',
      '/globals/site-settings',
      '/users/login',
      '/inquiries',
    ),
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
    ),
    fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-8',
    ),
  )
  .map(([path, body, type]): AbuseCase => ({
    name: `POST ${path} (${type}) ${body}`.slice(0, 200),
    method: 'POST',
    path,
    headers: { 'content-type': type },
    body,
    expect: 'client',
  }))

/** Inquiries whose email is never a string: always invalid, never stored. */
const wrongTypes = fc
  .record({
    name: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })),
    email: fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    ),
    message: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.double(), fc.object({ maxDepth: 2 })),
    budget: fc.oneof(fc.constant(undefined), fc.string(), fc.integer()),
  })
  .map((data): AbuseCase => ({
    name: `inquiry ${JSON.stringify(data)}`.slice(0, 200),
    method: 'POST',
    path: '/inquiries',
    headers: json,
    body: JSON.stringify(data),
    expect: 'client',
  }))

/** Random text as a GraphQL document, and random values as its variables. */
const graphqlDocuments = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .tuple(
        fc.constantFrom('Posts', 'Users', 'Inquiries', 'Post', 'countPosts', 'versionsPosts', '__schema', '__type'),
        nasty,
      )
      .map(([f, v]) => `{ ${f}(where: { title: { like: ${JSON.stringify(v)} } }) { totalDocs } }`),
    fc
      .tuple(fc.nat(300), fc.nat(30))
      .map(
        ([aliases, depth]) =>
          `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: Posts(limit: ${depth}) { docs { ${'author { '.repeat(depth % 8)}id${' }'.repeat(depth % 8)} } }`).join(' ')} }`,
      ),
  )
  .chain((query) => fc.tuple(fc.constant(query), fc.option(fc.jsonValue({ maxDepth: 3 }))))
  .map(([query, variables]): AbuseCase => ({
    name: `GraphQL ${query}`.slice(0, 200),
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: JSON.stringify({ query, ...(variables === null ? {} : { variables }) }),
    expect: 'either',
  }))

/** Long and right-to-left Unicode, null bytes and lone surrogates in values that are stored or searched. */
const unicodeValues = fc
  .tuple(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 400 }),
    fc.constantFrom('\u202e', '\u0000', '\u200f', '\ufeff', '\ud800', ''),
    fc.nat(3),
  )
  .map(([s, mark, n]) => `${mark}${s}${mark}`.repeat(n + 1))
  .chain((value) =>
    fc.constantFrom<AbuseCase>(
      {
        name: `title search ${JSON.stringify(value).slice(0, 60)}`,
        path: `/posts?where[title][like]=${enc(value)}`,
        expect: 'either',
      },
      {
        name: `slug lookup ${JSON.stringify(value).slice(0, 60)}`,
        path: `/pages?where[slug][equals]=${enc(value)}&limit=1`,
        expect: 'either',
      },
      {
        name: `inquiry with text ${JSON.stringify(value).slice(0, 60)}`,
        method: 'POST',
        path: '/inquiries',
        headers: json,
        body: JSON.stringify({ name: value.slice(0, 200), email: `${value}@`, message: value }),
        expect: 'client',
      },
    ),
  )

export const GENERATORS: { name: string; arbitrary: fc.Arbitrary<AbuseCase>; runs: number }[] = [
  { name: 'random where/sort/select/limit on lists', arbitrary: reads, runs: 90 },
  { name: 'random filters on counts', arbitrary: counts, runs: 30 },
  { name: 'invalid ids of every shape', arbitrary: byId, runs: 60 },
  { name: 'anonymous writes of any JSON or text', arbitrary: anonymousWrites, runs: 70 },
  { name: 'inquiries with wrongly typed fields', arbitrary: wrongTypes, runs: 40 },
  { name: 'random GraphQL documents and variables', arbitrary: graphqlDocuments, runs: 50 },
  { name: 'long, right-to-left and null-byte Unicode', arbitrary: unicodeValues, runs: 40 },
]

// ---------------------------------------------------------------- systematic cases: every write path

/** Callers that can write something (anonymous visitors may create inquiries). */
export const WRITE_ROLES = ['anonymous', 'author', 'editor', 'admin'] as const
export type WriteRole = (typeof WRITE_ROLES)[number]

/** Collections with REST writes, and the text-like field each test writes (fixtures.ts). */
export const WRITABLE = [
  'pages',
  'posts',
  'services',
  'projects',
  'demos',
  'testimonials',
  'categories',
  'inquiries',
  'users',
  'payload-preferences',
  'payload-locked-documents',
] as const
export const GLOBAL_FIELDS: Record<string, string> = { 'site-settings': 'tagline', navigation: 'items', footer: 'note' }

export interface SystematicContext {
  /** A document of each writable collection (and the author's own account under `users`), to update. */
  ids: Record<string, number | string>
  /** Valid create data for each collection, over REST and over GraphQL. */
  createData: (slug: string, graphql: boolean) => Record<string, unknown>
  /** The field each collection's updates change. */
  field: (slug: string) => string
  /** GraphQL singular names (create<Name>, mutation<Name>Input) of the collections GraphQL serves. */
  graphqlNames: Record<string, string>
  png: Buffer
  maxDepth: number
  limitBytes: number
}

/**
 * A place a value can travel to Payload: it turns a JSON fragment (valid GraphQL literal syntax too,
 * for `graphqlText`) into a request, and says how many levels of nesting it wraps around the value.
 */
interface BodyPath {
  name: string
  method: string
  path: (ctx: SystematicContext) => string
  kind: 'json' | 'multipart' | 'graphqlText'
  /** The body's JSON text (or `_payload`, or GraphQL literal) around the fragment. */
  build: (fragment: string, ctx: SystematicContext) => string
  /** Levels of `{`/`[` (and GraphQL `(`) that `build` puts around the fragment. */
  wrap: number
  file?: boolean
  /** The value lands in a rich text field: nested as a real Lexical tree. */
  rich?: boolean
}

const MARK = '"__VALUE__"'
/** JSON text of `data` with `field` set to the raw fragment (spliced in: JSON.stringify of a deep value would recurse). */
const splice = (data: Record<string, unknown>, field: string, fragment: string) =>
  JSON.stringify({ ...data, [field]: '__VALUE__' }).replace(MARK, fragment)

export function bodyPaths(ctx: SystematicContext): BodyPath[] {
  const paths: BodyPath[] = []
  for (const slug of WRITABLE) {
    paths.push({
      name: `REST create ${slug}`,
      method: 'POST',
      path: () => `/${slug}`,
      kind: 'json',
      wrap: 1,
      build: (f, c) => splice(c.createData(slug, false), c.field(slug), f),
    })
    paths.push({
      name: `REST update ${slug}`,
      method: 'PATCH',
      path: (c) => `/${slug}/${c.ids[slug]}`,
      kind: 'json',
      wrap: 1,
      build: (f, c) => splice({}, c.field(slug), f),
    })
  }
  for (const [slug, field] of Object.entries(GLOBAL_FIELDS)) {
    paths.push({
      name: `REST update global ${slug}`,
      method: 'POST',
      path: () => `/globals/${slug}`,
      kind: 'json',
      wrap: 1,
      build: (f) => splice({}, field, f),
    })
  }
  paths.push({
    name: 'REST create posts (rich text content)',
    method: 'POST',
    path: () => '/posts',
    kind: 'json',
    wrap: 1,
    rich: true,
    build: (f, c) => splice(c.createData('posts', false), 'content', f),
  })
  paths.push({
    name: 'REST update pages (rich text block in layout)',
    method: 'PATCH',
    path: (c) => `/pages/${c.ids.pages}`,
    kind: 'json',
    wrap: 3,
    rich: true,
    build: (f) => `{"layout":[{"blockType":"richText","content":${f}}]}`,
  })
  paths.push({
    name: 'multipart create media (_payload beside a file)',
    method: 'POST',
    path: () => '/media',
    kind: 'multipart',
    file: true,
    wrap: 1,
    build: (f, c) => splice(c.createData('media', false), 'alt', f),
  })
  paths.push({
    name: 'multipart create posts (admin form _payload)',
    method: 'POST',
    path: () => '/posts',
    kind: 'multipart',
    wrap: 1,
    rich: true,
    build: (f, c) => splice(c.createData('posts', false), 'content', f),
  })
  paths.push({
    name: 'multipart update pages (admin form _payload)',
    method: 'PATCH',
    path: (c) => `/pages/${c.ids.pages}`,
    kind: 'multipart',
    wrap: 1,
    build: (f) => splice({}, 'title', f),
  })
  for (const [slug, name] of Object.entries(ctx.graphqlNames)) {
    paths.push({
      name: `GraphQL variables create${name}`,
      method: 'POST',
      path: () => '/graphql',
      kind: 'json',
      // body { variables { data { field: value } } }
      wrap: 3,
      build: (f, c) =>
        `{"query":${JSON.stringify(`mutation ($data: mutation${name}Input!) { r: create${name}(data: $data) { id } }`)},"variables":{"data":${splice(c.createData(slug, true), c.field(slug), f)}}}`,
    })
    paths.push({
      name: `GraphQL text create${name}`,
      method: 'POST',
      path: () => '/graphql',
      kind: 'graphqlText',
      // mutation { create(data: { field: value }) }: `{`, `(`, `{`
      wrap: 3,
      build: (f, c) =>
        JSON.stringify({ query: `mutation { r: create${name}(data: { ${c.field(slug)}: ${f} }) { id } }` }),
    })
  }
  if (ctx.graphqlNames.posts) {
    paths.push({
      name: 'GraphQL variables createPost (rich text content, a JSON scalar)',
      method: 'POST',
      path: () => '/graphql',
      kind: 'json',
      wrap: 3,
      rich: true,
      build: (f, c) =>
        `{"query":"mutation ($data: mutationPostInput!) { r: createPost(data: $data) { id } }","variables":{"data":${splice(c.createData('posts', true), 'content', f)}}}`,
    })
  }
  return paths
}

/** `[[[…1…]]]`: valid JSON and a valid GraphQL list literal. */
const nestedArrays = (depth: number) => ({ fragment: `${'['.repeat(depth)}1${']'.repeat(depth)}`, depth })
const nestedObjects = (depth: number) => ({ fragment: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, depth })
/** A Lexical tree whose lists nest in list items: what a deep outline in the editor really sends. */
function nestedLexical(depth: number) {
  const levels = Math.max(1, Math.ceil((depth - 4) / 4))
  const node = (type: string, extra: string) =>
    `{"type":"${type}",${extra}"version":1,"direction":"ltr","format":"","indent":0,"children":[`
  const open = `${node('list', '"listType":"bullet","tag":"ul","start":1,')}${node('listitem', '"value":1,')}`
  const text = '{"type":"text","text":"deep","format":0,"style":"","mode":"normal","detail":0,"version":1}'
  const fragment = `{"root":${node('root', '')}${open.repeat(levels)}${text}${']}]}'.repeat(levels)}]}}`
  // { root { children [ then four per level: list { children [ listitem { children [, then the text node's {
  return { fragment, depth: 3 + 4 * levels + 1 }
}

export const DEPTHS = [10, 100, 1000, 10_000, 100_000]
/** String sizes written into a field: small, large, and past the body limit. */
const sizes = (limitBytes: number) => [1024, 200 * 1024, limitBytes + 64 * 1024]

function multipart(payload: string, png?: Buffer): { body: Uint8Array; type: string } {
  const boundary = `----abuse${Math.random().toString(36).slice(2)}`
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n${payload}\r\n`),
  ]
  if (png)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="deep.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from('\r\n'),
    )
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: new Uint8Array(Buffer.concat(parts)), type: `multipart/form-data; boundary=${boundary}` }
}

function requestFor(
  path: BodyPath,
  fragment: string,
  ctx: SystematicContext,
): Pick<AbuseCase, 'method' | 'path' | 'headers' | 'body'> & { bytes: number } {
  const text = path.build(fragment, ctx)
  if (path.kind === 'multipart') {
    const { body, type } = multipart(text, path.file ? ctx.png : undefined)
    return { method: path.method, path: path.path(ctx), headers: { 'content-type': type }, body, bytes: body.length }
  }
  return { method: path.method, path: path.path(ctx), headers: json, body: text, bytes: Buffer.byteLength(text) }
}

/**
 * Nesting sweeps: every body path × depth × writing role, with values nested as arrays, objects or a
 * Lexical outline. Deeper than the limit is a 400 BODY_TOO_DEEP (or a 413 when also too large);
 * anything else is a normal answer. Never a 5xx, never a hang.
 */
export function* depthSweepCases(ctx: SystematicContext): Generator<AbuseCase> {
  // Built one at a time as they are sent: the deepest bodies are megabytes each.
  for (const path of bodyPaths(ctx)) {
    for (const [index, target] of DEPTHS.entries()) {
      for (const [r, role] of WRITE_ROLES.entries()) {
        // GraphQL literals take lists only; rich text fields get real Lexical trees; the rest alternate shapes.
        const shape =
          path.kind === 'graphqlText'
            ? nestedArrays
            : path.rich
              ? nestedLexical
              : (index + r) % 2 === 0
                ? nestedArrays
                : nestedObjects
        const value = shape(Math.max(1, target - path.wrap))
        const depth = value.depth + path.wrap
        const request = requestFor(path, value.fragment, ctx)
        const tooLarge = request.bytes > ctx.limitBytes
        yield {
          name: `depth ${target} (${depth}) via ${path.name} as ${role}`,
          ...request,
          as: role,
          expect: tooLarge || depth > ctx.maxDepth ? 'client' : 'either',
          code: tooLarge ? undefined : depth > ctx.maxDepth ? 'BODY_TOO_DEEP' : undefined,
          notCode: depth <= ctx.maxDepth ? 'BODY_TOO_DEEP' : undefined,
        }
      }
    }
  }
}

/** Size sweeps: a long string in each body path's field, for every writing role. */
export function* sizeSweepCases(ctx: SystematicContext): Generator<AbuseCase> {
  for (const path of bodyPaths(ctx)) {
    for (const size of sizes(ctx.limitBytes)) {
      for (const role of WRITE_ROLES) {
        const request = requestFor(path, JSON.stringify('x'.repeat(size)), ctx)
        const limit = path.file ? Number.POSITIVE_INFINITY : ctx.limitBytes
        yield {
          name: `size ${size} via ${path.name} as ${role}`,
          ...request,
          as: role,
          expect: request.bytes > limit ? 'client' : 'either',
          code: request.bytes > limit ? 'PAYLOAD_TOO_LARGE' : undefined,
        }
      }
    }
  }
}

const MALFORMED_BODIES: { body: string; type?: string }[] = [
  { body: '' },
  { body: '{' },
  { body: '[]' },
  { body: 'null' },
  { body: '"text"' },
  { body: '{"a":1}}' },
  { body: '{"title":"a\\u0000b"}' },
  { body: '{"title":{"$ne":null},"_status":{"$gt":""}}' },
  { body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}' },
  { body: `{"title":${'9'.repeat(400)}}` },
  { body: '{"id":"abc","createdAt":"never","updatedAt":[],"_status":"published"}' },
  { body: '{"title":"x"}', type: 'text/plain' },
  { body: 'title=x&_status=published', type: 'application/x-www-form-urlencoded' },
  { body: '{"title":"x"}', type: 'application/json; charset=utf-16' },
]

/** Every write path (create, update, bulk update, delete, globals) × malformed bodies, as each role in turn. */
export function malformedWriteCases(ctx: SystematicContext): AbuseCase[] {
  const targets: { name: string; method: string; path: string }[] = []
  for (const slug of WRITABLE) {
    targets.push({ name: `create ${slug}`, method: 'POST', path: `/${slug}` })
    targets.push({ name: `update ${slug}`, method: 'PATCH', path: `/${slug}/${ctx.ids[slug]}` })
    targets.push({ name: `bulk update ${slug}`, method: 'PATCH', path: `/${slug}?where[id][equals]=${ctx.ids[slug]}` })
  }
  for (const slug of Object.keys(GLOBAL_FIELDS))
    targets.push({ name: `update global ${slug}`, method: 'POST', path: `/globals/${slug}` })
  targets.push({ name: 'create media (JSON, no file)', method: 'POST', path: '/media' })
  const cases: AbuseCase[] = []
  let turn = 0
  for (const target of targets) {
    for (const { body, type } of MALFORMED_BODIES) {
      const role = WRITE_ROLES[turn++ % WRITE_ROLES.length]
      cases.push({
        name: `${target.name} with ${JSON.stringify(body).slice(0, 50)} (${type ?? 'json'}) as ${role}`,
        method: target.method,
        path: target.path,
        headers: { 'content-type': type ?? 'application/json' },
        body,
        as: role,
        expect: 'either',
      })
    }
  }
  return cases
}

/** Query strings, headers and methods that wrap a valid write: none may turn it into a 5xx. */
export function writeVariantCases(ctx: SystematicContext): AbuseCase[] {
  const variants: { name: string; query?: string; headers?: Record<string, string>; method?: string }[] = [
    { name: 'depth=100&draft=maybe', query: 'depth=100&draft=maybe' },
    { name: 'locale=__proto__&fallback-locale=%00', query: 'locale=__proto__&fallback-locale=%00' },
    { name: 'select[__proto__]=1&populate[x]=1', query: 'select[__proto__]=1&populate[x]=1' },
    { name: `deep query string`, query: `where${'[and][0]'.repeat(40)}[id][equals]=1` },
    { name: 'method override to GET', headers: { 'x-payload-http-method-override': 'GET' } },
    { name: 'method override to DELETE', headers: { 'x-http-method-override': 'DELETE' } },
    { name: 'PUT', method: 'PUT' },
  ]
  const cases: AbuseCase[] = []
  let turn = 0
  for (const slug of WRITABLE) {
    for (const [kind, method, path] of [
      ['create', 'POST', `/${slug}`],
      ['update', 'PATCH', `/${slug}/${ctx.ids[slug]}`],
    ] as const) {
      for (const variant of variants) {
        const role = WRITE_ROLES[turn++ % WRITE_ROLES.length]
        const body =
          kind === 'create'
            ? JSON.stringify(ctx.createData(slug, false))
            : JSON.stringify({ [ctx.field(slug)]: `variant ${turn}` })
        cases.push({
          name: `${kind} ${slug} with ${variant.name} as ${role}`,
          method: variant.method ?? method,
          path: `${path}${variant.query ? `${path.includes('?') ? '&' : '?'}${variant.query}` : ''}`,
          headers: { ...json, ...variant.headers },
          body,
          as: role,
          expect: 'either',
        })
      }
    }
  }
  return cases
}

/** Hostile values as GraphQL variables of every collection's create and update: the REST corpus, through GraphQL. */
export function graphqlWriteCases(ctx: SystematicContext): AbuseCase[] {
  const values: unknown[] = [
    { $ne: null },
    '\u0000',
    'a\u0000b',
    { __proto__: { role: 'admin' } },
    ['x'],
    Number.MAX_VALUE,
    -0,
    'x'.repeat(70_000),
    '\ud800',
    { equals: 'x' },
  ]
  const cases: AbuseCase[] = []
  let turn = 0
  for (const [slug, name] of Object.entries(ctx.graphqlNames)) {
    for (const value of values) {
      const role = WRITE_ROLES[turn++ % WRITE_ROLES.length]
      const field = ctx.field(slug)
      const create = {
        query: `mutation ($data: mutation${name}Input!) { r: create${name}(data: $data) { id } }`,
        variables: { data: { ...ctx.createData(slug, true), [field]: value } },
      }
      const update = {
        query: `mutation ($data: mutation${name}UpdateInput!) { r: update${name}(id: ${JSON.stringify(ctx.ids[slug])}, data: $data) { id } }`,
        variables: { data: { [field]: value } },
      }
      for (const [kind, request] of [
        ['create', create],
        ['update', update],
      ] as const) {
        cases.push({
          name: `GraphQL ${kind}${name} with ${JSON.stringify(value)?.slice(0, 40)} as ${role}`,
          method: 'POST',
          path: '/graphql',
          headers: json,
          body: JSON.stringify(request),
          as: role,
          expect: 'either',
        })
      }
    }
  }
  return cases
}
