import { API_ERROR_CODES, ERRORS } from '@mspn/contract/errors'
import { describe, expect, it } from 'vitest'

import { createConfig } from '../../src/config'
import { parseEnv } from '../../src/env'
import { buildOpenApiDocument } from '../../src/server/openapi/openapi'

const config = await createConfig(
  parseEnv({
    APP_ENV: 'test',
    PAYLOAD_SECRET: 'x'.repeat(40),
    DATABASE_URL: 'file:/tmp/openapi-unit.db',
    LOG_LEVEL: 'silent',
  }),
)

// The document is plain JSON; tests walk it loosely.
type Json = any

const doc: Json = buildOpenApiDocument(config, { serverUrl: 'https://cms.example.com/' })
const schemas: Record<string, Json> = doc.components.schemas

/** Follows a local `$ref` (e.g. `#/components/schemas/Post`) to the object it names. */
function resolve(node: Json): Json {
  if (!node || typeof node.$ref !== 'string') return node
  const target = (node.$ref as string)
    .replace(/^#\//, '')
    .split('/')
    .reduce((parent: Json, key) => parent?.[key], doc)
  return resolve(target)
}

/** Every `$ref` string anywhere in a JSON value. */
function collectRefs(node: Json, refs: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, refs))
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value)
      else collectRefs(value, refs)
    }
  }
  return refs
}

const parameterNames = (operation: Json): string[] =>
  operation.parameters.map((parameter: Json) => resolve(parameter).name)

describe('OpenAPI document', () => {
  it('is an OpenAPI 3.1 document served under the API route', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toMatchObject({ title: 'MSPN DEV CMS API', version: '1.0.0' })
    expect(doc.servers).toEqual([{ url: 'https://cms.example.com/api/v1' }])
    const versioned: Json = buildOpenApiDocument(config, { serverUrl: 'http://localhost:3000', version: '2.3.4' })
    expect(versioned.info.version).toBe('2.3.4')
    expect(versioned.servers).toEqual([{ url: 'http://localhost:3000/api/v1' }])
  })

  it('describes list, detail, count and version routes of collections', () => {
    expect(Object.keys(doc.paths['/posts'])).toEqual(['get', 'post'])
    expect(Object.keys(doc.paths['/posts/{id}'])).toEqual(['parameters', 'get', 'patch', 'delete'])
    expect(doc.paths['/posts/count'].get).toBeDefined()
    expect(doc.paths['/posts/versions'].get).toBeDefined()
    expect(doc.paths['/posts/versions/{id}'].get).toBeDefined()
    // Inquiries keep no version history.
    expect(doc.paths['/inquiries']).toBeDefined()
    expect(doc.paths['/inquiries/versions']).toBeUndefined()
    expect(doc.paths['/posts'].post.responses['201'].content['application/json'].schema.properties.doc).toEqual({
      $ref: '#/components/schemas/Post',
    })
  })

  it('documents the list query parameters, with where as a deep object', () => {
    const list = doc.paths['/posts'].get
    expect(parameterNames(list)).toEqual(['limit', 'page', 'depth', 'sort', 'where', 'select', 'draft'])
    const where = list.parameters.map(resolve).find((parameter: Json) => parameter.name === 'where')
    expect(where).toMatchObject({ in: 'query', style: 'deepObject' })
    const depth = list.parameters.map(resolve).find((parameter: Json) => parameter.name === 'depth')
    expect(depth.schema.maximum).toBe(config.maxDepth)
  })

  it('adds auth routes to auth collections, callable without credentials where needed', () => {
    expect(doc.paths['/users/login'].post.security).toEqual([])
    expect(doc.paths['/users/forgot-password'].post.security).toEqual([])
    expect(doc.paths['/users/logout'].post).toBeDefined()
    expect(doc.paths['/users/me'].get.security).toBeUndefined()
    expect(doc.paths['/posts/login']).toBeUndefined()
    const rotate = doc.paths['/users/{id}/rotate-api-key']
    expect(rotate.post.security).toBeUndefined()
    expect(rotate.post.responses['200'].content['application/json'].schema.required).toEqual([
      'message',
      'apiKey',
      'previousKeyValidUntil',
    ])
    expect(doc.paths['/posts/{id}/rotate-api-key']).toBeUndefined()
  })

  it('never describes the hidden API key hashes', () => {
    for (const field of ['apiKeyDigest', 'previousApiKeyDigest', 'previousApiKeyExpiresAt'])
      expect(schemas.User.properties).not.toHaveProperty(field)
  })

  it('describes scheduling on collections with scheduled publishing, and only there', () => {
    const schedule = doc.paths['/posts/{id}/schedule']
    expect(Object.keys(schedule)).toEqual(['parameters', 'post', 'get', 'delete'])
    expect(schedule.post.requestBody.content['application/json'].schema.required).toEqual(['action', 'at'])
    expect(schedule.post.responses['201'].content['application/json'].schema.properties.job.required).toEqual([
      'id',
      'action',
      'at',
    ])
    expect(schedule.post.responses['400']).toBeDefined()
    expect(schedule.delete.parameters.map((parameter: Json) => parameter.name)).toEqual(['job'])
    for (const slug of ['pages', 'services', 'projects', 'demos'])
      expect(doc.paths[`/${slug}/{id}/schedule`]).toBeDefined()
    for (const slug of ['categories', 'inquiries', 'users']) expect(doc.paths[`/${slug}/{id}/schedule`]).toBeUndefined()
  })

  it('describes globals under /globals', () => {
    const settings = doc.paths['/globals/site-settings']
    expect(Object.keys(settings)).toEqual(['get', 'post'])
    expect(settings.get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SiteSetting',
    })
    expect(schemas.SiteSetting.properties.features.properties.blog).toMatchObject({
      type: ['boolean', 'null'],
      default: true,
    })
  })

  it('leaves out Payload internals', () => {
    expect(Object.keys(doc.paths).filter((path) => path.includes('payload-'))).toEqual([])
    expect(collectRefs(doc).filter((ref) => /Payload/.test(ref))).toEqual([])
  })

  it('builds the Post schema from its fields', () => {
    const post = schemas.Post
    expect(post.properties.title).toMatchObject({ type: 'string', maxLength: 160 })
    expect(post.required).toEqual(
      expect.arrayContaining(['id', 'title', 'excerpt', 'content', 'createdAt', 'updatedAt']),
    )
    expect(post.properties.slug.type).toEqual(['string', 'null'])
    expect(post.required).not.toContain('slug')
    expect(post.properties.content).toEqual({ type: 'object', description: 'Lexical editor state' })
    expect(post.properties.categories.type).toEqual(['array', 'null'])
    expect(post.properties.categories.items.oneOf).toEqual([
      { $ref: '#/components/schemas/DocumentId' },
      { $ref: '#/components/schemas/Category' },
    ])
    expect(post.properties.seo.properties.noIndex).toMatchObject({ default: false })
    expect(post.properties._status).toMatchObject({ type: 'string', enum: ['draft', 'published'] })
    expect(schemas.Category.properties._status).toBeUndefined()
  })

  it('lists select options as an enum', () => {
    const inquiry = schemas.Inquiry
    expect(inquiry.properties.status).toMatchObject({ type: 'string', enum: ['new', 'in-progress', 'closed'] })
    expect(inquiry.required).toContain('status')
    // Optional selects may come back null.
    expect(inquiry.properties.budget.enum).toContain(null)
  })

  it('describes page-builder blocks as a oneOf discriminated by blockType', () => {
    const layout = schemas.Page.properties.layout
    expect(layout.type).toBe('array')
    const blocks = layout.items.oneOf.map(resolve)
    const hero = blocks.find((block: Json) => block.properties.blockType.const === 'hero')
    expect(hero.required).toEqual(expect.arrayContaining(['blockType', 'heading']))
    expect(hero.properties.heading.type).toBe('string')
    expect(blocks.every((block: Json) => block.required.includes('blockType'))).toBe(true)
  })

  it('describes polymorphic relationships as { relationTo, value }', () => {
    const reference = resolve(schemas.Link).properties.reference
    const targets = reference.oneOf
      .filter((option: Json) => option.type === 'object')
      .map((option: Json) => option.properties.relationTo.const)
    expect(targets).toEqual(['pages', 'posts', 'services', 'projects', 'demos'])
  })

  it('hides hidden fields and never returns passwords', () => {
    const user = schemas.User
    for (const secret of ['salt', 'hash', 'resetPasswordToken', 'loginAttempts', 'lockUntil'])
      expect(user.properties[secret]).toBeUndefined()
    expect(user.properties.password.writeOnly).toBe(true)
    expect(user.properties.role.enum).toEqual(['author', 'editor', 'admin'])
  })

  it('uploads media as multipart form data', () => {
    const content = doc.paths['/media'].post.requestBody.content
    expect(content['multipart/form-data'].schema.properties.file).toEqual({ type: 'string', format: 'binary' })
    // The file itself is required: a JSON create (Payload's fetch-from-URL) is refused.
    expect(Object.keys(content)).toEqual(['multipart/form-data'])
  })

  it('shares the paginated list, error envelope and error responses', () => {
    expect(schemas.PaginatedList.required).toEqual([
      'docs',
      'totalDocs',
      'limit',
      'totalPages',
      'page',
      'pagingCounter',
      'hasPrevPage',
      'hasNextPage',
      'prevPage',
      'nextPage',
    ])
    expect(schemas.Error.required).toEqual(['errors', 'requestId'])
    expect(schemas.Error.properties.errors.items.required).toEqual(['message', 'code'])
    const detail = doc.paths['/posts/{id}'].get.responses
    expect(Object.keys(detail)).toEqual(['200', '400', '401', '403', '404', '429'])
    expect(resolve(detail['404']).content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' })
    expect(doc.paths['/posts'].get.responses['404']).toBeUndefined()
  })

  it('lists the error codes of the catalogue the API answers with, with their hints', () => {
    const code = schemas.Error.properties.errors.items.properties.code
    expect(code.enum).toEqual([...API_ERROR_CODES])
    expect(code.enum).toContain('RATE_LIMITED')
    // The site's own codes are not the API's.
    expect(code.enum).not.toContain('CMS_UNAVAILABLE')
    expect(code.description).toContain(`\`TOO_FAST\` (400): ${ERRORS.TOO_FAST.hint}`)
    expect(doc.components.responses.TooManyRequests.description).toContain('Codes: RATE_LIMITED.')
    expect(doc.components.responses.Unauthorized.description).toContain('PREVIEW_TOKEN_EXPIRED')
  })

  it('declares bearer, API key and cookie authentication', () => {
    const schemes = doc.components.securitySchemes
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    expect(schemes.bearer.description).toContain('JWT <token>')
    expect(schemes.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: 'users API-Key <key>',
    })
    expect(schemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'payload-token' })
  })

  it('resolves every $ref to an existing component', () => {
    const refs = collectRefs(doc)
    expect(refs.length).toBeGreaterThan(100)
    const dangling = [...new Set(refs)].filter(
      (ref) => !ref.startsWith('#/components/') || resolve({ $ref: ref }) === undefined,
    )
    expect(dangling).toEqual([])
  })

  it('is deterministic', () => {
    const again = buildOpenApiDocument(config, { serverUrl: 'https://cms.example.com/' })
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc))
  })
})

describe('the draft preview endpoint', () => {
  it('is described with its token header, public security, the draft shapes and its errors', () => {
    const get = doc.paths['/preview'].get
    expect(get.security).toEqual([])
    expect(get.parameters[0]).toMatchObject({ name: 'X-Preview-Token', in: 'header', required: true })
    expect(parameterNames(get)).toEqual(['X-Preview-Token', 'depth', 'select'])
    const drafts = get.responses['200'].content['application/json'].schema.properties.doc.oneOf.map(
      (ref: Json) => ref.$ref,
    )
    expect(drafts).toEqual(['Page', 'Post', 'Service', 'Project', 'Demo'].map((name) => `#/components/schemas/${name}`))
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['401', '403', '404']))
    expect(doc.tags.map((tag: Json) => tag.name)).toContain('preview')
  })

  it('describes the draft globals a preview reads, for any valid token', () => {
    const get = doc.paths['/preview/globals/{slug}'].get
    expect(get.security).toEqual([])
    expect(parameterNames(get)).toEqual(['slug', 'X-Preview-Token', 'depth', 'select'])
    expect(get.parameters[0].schema.enum).toEqual(['site-settings', 'navigation', 'footer'])
    const shapes = get.responses['200'].content['application/json'].schema.properties.doc.oneOf.map(
      (ref: Json) => ref.$ref,
    )
    expect(shapes).toHaveLength(3)
    for (const ref of shapes) expect(doc.components.schemas[ref.split('/').pop()]).toBeDefined()
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['401', '403', '404']))
  })
})

describe('the search endpoint', () => {
  it('is public, takes q/type/limit/page and answers ranked hits with facets per searchable type', () => {
    const get = doc.paths['/search'].get
    expect(get.security).toEqual([])
    expect(parameterNames(get)).toEqual(['q', 'type', 'limit', 'page'])
    expect(get.parameters[0]).toMatchObject({ name: 'q', required: true })
    expect(get.parameters[1].schema.enum).toEqual(['pages', 'posts', 'services', 'projects', 'demos'])
    const answer = resolve(get.responses['200'].content['application/json'].schema)
    expect(answer.required).toEqual(expect.arrayContaining(['hits', 'total', 'facets']))
    expect(Object.keys(answer.properties.facets.properties)).toEqual(get.parameters[1].schema.enum)
    const hit = resolve(answer.properties.hits.items)
    expect(hit.required).toEqual(['type', 'id', 'title', 'url', 'snippet', 'score'])
    expect(Object.keys(get.responses)).toEqual(['200', '400', '429', '503'])
    expect(doc.tags.map((tag: Json) => tag.name)).toContain('search')
  })
})
