/**
 * OpenAPI 3.1 description of the REST API Payload generates from our collections and globals,
 * mounted at `config.routes.api`. A pure function of the sanitized config (no I/O, no database);
 * keys follow config order, so the same config always yields the same JSON.
 *
 * Payload internals (`payload-*` collections) and `hidden` fields are left out. Optional fields
 * are nullable because Payload returns `null` for unset values (as in payload-types.ts).
 */
import {
  formatNames,
  type FlattenedBlock,
  type FlattenedBlocksField,
  type FlattenedField,
  type FlattenedJoinField,
  type SanitizedCollectionConfig,
  type SanitizedConfig,
  type SanitizedGlobalConfig,
} from 'payload'

import { PREVIEWABLE_COLLECTIONS, PUBLIC_GLOBALS } from '@mspn/contract'
import { SEARCH_LIMITS, SEARCH_TYPES } from '@mspn/contract/search'
import { API_ERROR_CODES, ERRORS } from '@mspn/contract/errors'

export interface OpenApiOptions {
  /** Public origin of the CMS, e.g. `https://cms.example.com`; the API route is appended. */
  serverUrl: string
  /** Shown as `info.version`; defaults to 1.0.0. */
  version?: string
}

type Schema = Record<string, unknown>
type OpenApiObject = Record<string, unknown>

interface ObjectShape {
  properties: Record<string, Schema>
  required: string[]
}

interface EntityNames {
  /** Component name of the document schema, e.g. `Post` (as in payload-types.ts). */
  schema: string
  /** Plural form for list operation ids, e.g. `Posts`. */
  plural: string
}

interface SchemaContext {
  /** Document schema name of each public collection, by slug: relationship targets. */
  docSchemas: ReadonlyMap<string, string>
  /** Blocks declared once in `config.blocks`, which fields may reference by slug. */
  sharedBlocks: readonly FlattenedBlock[]
  /** Component names an `interfaceName` may not take (documents, versions, shared shapes). */
  taken: ReadonlySet<string>
  /** Shapes with an `interfaceName` (blocks, groups, array rows), in the order first met. */
  named: Map<string, Schema>
}

const JSON_MEDIA = 'application/json'
const NULL_SCHEMA: Schema = { type: 'null' }
const STRING: Schema = { type: 'string' }
const TIMESTAMP: Schema = { type: 'string', format: 'date-time', readOnly: true }
const STATUS: Schema = { type: 'string', enum: ['draft', 'published'], default: 'draft' }
/** Document properties written here rather than taken from the field list. */
const SYSTEM_FIELDS: ReadonlySet<string> = new Set(['id', 'createdAt', 'updatedAt', '_status'])
const NO_FIELDS: ReadonlySet<string> = new Set()
/** Field types Payload always returns as a value, never as null. */
const NEVER_NULL: ReadonlySet<string> = new Set(['group', 'tab', 'join'])

const LIST_PARAMS = ['limit', 'page', 'depth', 'sort', 'where', 'select', 'draft'] as const
const READ_PARAMS = ['depth', 'select', 'draft'] as const
const WRITE_PARAMS = ['depth', 'draft'] as const

/** An error item's `code`: the catalogue's codes, each with its status and what to do about it. */
const ERROR_CODE: Schema = {
  type: 'string',
  enum: [...API_ERROR_CODES],
  description: [
    'A stable code for what went wrong (HTTP status, then what to do next):',
    ...API_ERROR_CODES.map((code) => `- \`${code}\` (${ERRORS[code].status}): ${ERRORS[code].hint}`),
  ].join('\n'),
}

/** The codes an answer with this status may carry. */
function codesWithStatus(status: string): string {
  return API_ERROR_CODES.filter((code) => String(ERRORS[code].status) === status).join(', ')
}

const ERROR_RESPONSES = [
  { status: '400', name: 'BadRequest', description: 'The request is malformed or failed validation.' },
  { status: '401', name: 'Unauthorized', description: 'Authentication is missing, invalid or expired.' },
  { status: '403', name: 'Forbidden', description: 'You are not allowed to perform this action.' },
  { status: '404', name: 'NotFound', description: 'The document does not exist or is not visible to you.' },
  { status: '429', name: 'TooManyRequests', description: 'Too many requests; retry later.' },
] as const

const schemaRef = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const parameterRef = (name: string): Schema => ({ $ref: `#/components/parameters/${name}` })
const responseRef = (name: string): Schema => ({ $ref: `#/components/responses/${name}` })
const jsonContent = (schema: Schema): Record<string, { schema: Schema }> => ({ [JSON_MEDIA]: { schema } })
const jsonBody = (schema: Schema): OpenApiObject => ({ required: true, content: jsonContent(schema) })

/** Drops keys whose value is undefined, so optional keywords never appear as `undefined`. */
function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
}

function objectSchema({ properties, required }: ObjectShape): Schema {
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties }
}

function objectOf(properties: Record<string, Schema>, required: string[] = []): Schema {
  return objectSchema({ properties, required })
}

const isPublicCollection = (collection: SanitizedCollectionConfig): boolean => !collection.slug.startsWith('payload-')

const hasDrafts = (entity: SanitizedCollectionConfig | SanitizedGlobalConfig): boolean =>
  Boolean(entity.versions && entity.versions.drafts)

const hasAutosave = (entity: SanitizedCollectionConfig): boolean =>
  Boolean(entity.versions && typeof entity.versions.drafts === 'object' && entity.versions.drafts.autosave)

/* ------------------------------------------------------------------ names */

/** Takes `wanted`, or `wanted2`, `wanted3` … when it is already used. */
function claimName(wanted: string, taken: Set<string>): string {
  let name = wanted
  for (let n = 2; taken.has(name); n += 1) name = `${wanted}${n}`
  taken.add(name)
  return name
}

/** Payload's own naming (typescript.interface, else the singular of the slug), as in payload-types.ts. */
function entityNames(entity: SanitizedCollectionConfig | SanitizedGlobalConfig, taken: Set<string>): EntityNames {
  const formatted = formatNames(entity.slug)
  return { schema: claimName(entity.typescript?.interface ?? formatted.singular, taken), plural: formatted.plural }
}

/* ---------------------------------------------------------------- fields */

function isRequired(field: FlattenedField): boolean {
  return 'required' in field && field.required === true
}

/** Adds `null` to a schema: to its type list when it has one, else as another alternative. */
function withNull(schema: Schema): Schema {
  if (typeof schema.type === 'string') {
    const nullable: Schema = { ...schema, type: [schema.type, 'null'] }
    if (Array.isArray(schema.enum)) nullable.enum = [...schema.enum, null]
    return nullable
  }
  if (Array.isArray(schema.oneOf)) return { ...schema, oneOf: [...schema.oneOf, NULL_SCHEMA] }
  return { oneOf: [schema, NULL_SCHEMA] }
}

/** Wraps `item` in an array for `hasMany` fields, with their row limits. */
function manyOf(field: { hasMany?: boolean; minRows?: number; maxRows?: number }, item: Schema): Schema {
  if (!field.hasMany) return item
  return compact({ type: 'array', items: item, minItems: field.minRows, maxItems: field.maxRows })
}

function stringSchema(field: { minLength?: number; maxLength?: number }): Schema {
  return compact({ type: 'string', minLength: field.minLength, maxLength: field.maxLength })
}

function enumSchema(options: readonly (string | { value: string })[]): Schema {
  return { type: 'string', enum: options.map((option) => (typeof option === 'string' ? option : option.value)) }
}

/** A related document: its ID, or the document itself when populated (`depth` > 0). */
function relatedDocument(slug: string, ctx: SchemaContext): Schema {
  const name = ctx.docSchemas.get(slug)
  return name ? { oneOf: [schemaRef('DocumentId'), schemaRef(name)] } : schemaRef('DocumentId')
}

/** One target: the related document. Several targets: `{ relationTo, value }` for one of them. */
function relationSchema(relationTo: string | readonly string[], ctx: SchemaContext): Schema {
  if (typeof relationTo === 'string') return relatedDocument(relationTo, ctx)
  return {
    oneOf: relationTo.map((slug) =>
      objectOf({ relationTo: { type: 'string', const: slug }, value: relatedDocument(slug, ctx) }, [
        'relationTo',
        'value',
      ]),
    ),
  }
}

function joinSchema(field: FlattenedJoinField, ctx: SchemaContext): Schema {
  return {
    ...objectOf({
      docs: { type: 'array', items: relationSchema(field.collection, ctx) },
      hasNextPage: { type: 'boolean' },
      totalDocs: { type: 'integer' },
    }),
    readOnly: true,
  }
}

/** Returns a `$ref` to a shape named by `interfaceName`, building it on first use; unnamed shapes stay inline. */
function namedShape(interfaceName: string | undefined, ctx: SchemaContext, build: () => Schema): Schema {
  if (!interfaceName || ctx.taken.has(interfaceName)) return build()
  if (!ctx.named.has(interfaceName)) {
    ctx.named.set(interfaceName, {}) // reserve first: keeps first-met order and stops cycles
    ctx.named.set(interfaceName, build())
  }
  return schemaRef(interfaceName)
}

function blocksOf(field: FlattenedBlocksField, ctx: SchemaContext): FlattenedBlock[] {
  const listed = field.blockReferences ?? field.blocks
  return listed.flatMap((block) =>
    typeof block === 'string' ? ctx.sharedBlocks.filter((shared) => shared.slug === block) : [block],
  )
}

function blockSchema(block: FlattenedBlock, ctx: SchemaContext): Schema {
  return namedShape(block.interfaceName, ctx, () => {
    const { properties, required } = fieldsShape(block.flattenedFields, ctx)
    return objectOf({ blockType: { type: 'string', const: block.slug }, ...properties }, ['blockType', ...required])
  })
}

/** The value schema of one field, before nullability and annotations. */
function valueSchema(field: FlattenedField, ctx: SchemaContext): Schema {
  switch (field.type) {
    case 'text':
      return manyOf(field, stringSchema(field))
    case 'textarea':
      return stringSchema(field)
    case 'code':
      return STRING
    case 'email':
      return { type: 'string', format: 'email' }
    case 'date':
      return { type: 'string', format: 'date-time' }
    case 'number':
      return manyOf(field, compact({ type: 'number', minimum: field.min, maximum: field.max }))
    case 'checkbox':
      return { type: 'boolean' }
    case 'radio':
      return enumSchema(field.options)
    case 'select':
      return manyOf(field, enumSchema(field.options))
    case 'json':
      return { type: 'object' }
    case 'richText':
      return { type: 'object', description: 'Lexical editor state' }
    case 'point':
      return {
        type: 'array',
        items: { type: 'number' },
        minItems: 2,
        maxItems: 2,
        description: '[longitude, latitude]',
      }
    case 'relationship':
    case 'upload':
      return manyOf(field, relationSchema(field.relationTo, ctx))
    case 'join':
      return joinSchema(field, ctx)
    case 'group':
    case 'tab':
      return namedShape(field.interfaceName, ctx, () => objectSchema(fieldsShape(field.flattenedFields, ctx)))
    case 'array': {
      const row = namedShape(field.interfaceName, ctx, () => objectSchema(fieldsShape(field.flattenedFields, ctx)))
      return compact({ type: 'array', items: row, minItems: field.minRows, maxItems: field.maxRows })
    }
    case 'blocks': {
      const items = { oneOf: blocksOf(field, ctx).map((block) => blockSchema(block, ctx)) }
      return compact({ type: 'array', items, minItems: field.minRows, maxItems: field.maxRows })
    }
    default:
      return {}
  }
}

/** Editor-facing description, static default and read-only flag of a field. */
function annotations(field: FlattenedField): Schema {
  const description = field.admin?.description
  const defaultValue = 'defaultValue' in field ? field.defaultValue : undefined
  const isStaticDefault = ['string', 'number', 'boolean'].includes(typeof defaultValue)
  return compact({
    description: typeof description === 'string' ? description : undefined,
    default: isStaticDefault ? defaultValue : undefined,
    readOnly: 'virtual' in field && field.virtual ? true : undefined,
  })
}

function fieldSchema(field: FlattenedField, ctx: SchemaContext): Schema {
  const value = valueSchema(field, ctx)
  const schema = isRequired(field) || NEVER_NULL.has(field.type) ? value : withNull(value)
  return { ...schema, ...annotations(field) }
}

function fieldsShape(
  fields: readonly FlattenedField[],
  ctx: SchemaContext,
  skip: ReadonlySet<string> = NO_FIELDS,
): ObjectShape {
  const shape: ObjectShape = { properties: {}, required: [] }
  for (const field of fields) {
    if (field.hidden === true || skip.has(field.name)) continue
    shape.properties[field.name] = fieldSchema(field, ctx)
    if (isRequired(field)) shape.required.push(field.name)
  }
  return shape
}

/* ------------------------------------------------------------- documents */

function collectionSchema(collection: SanitizedCollectionConfig, ctx: SchemaContext, { withId = true } = {}): Schema {
  const fields = fieldsShape(collection.flattenedFields, ctx, SYSTEM_FIELDS)
  const properties: Record<string, Schema> = withId ? { id: { ...schemaRef('DocumentId'), readOnly: true } } : {}
  const required = withId ? ['id', ...fields.required] : [...fields.required]
  Object.assign(properties, fields.properties)
  if (collection.auth && !collection.auth.disableLocalStrategy) {
    properties.password = {
      type: 'string',
      format: 'password',
      writeOnly: true,
      description: 'Sent to create an account or change the password; never returned.',
    }
  }
  if (hasDrafts(collection)) properties._status = STATUS
  if (collection.timestamps !== false) {
    Object.assign(properties, { createdAt: TIMESTAMP, updatedAt: TIMESTAMP })
    required.push('createdAt', 'updatedAt')
  }
  return objectSchema({ properties, required })
}

function globalSchema(global: SanitizedGlobalConfig, ctx: SchemaContext): Schema {
  const fields = fieldsShape(global.flattenedFields, ctx, SYSTEM_FIELDS)
  const properties: Record<string, Schema> = {
    globalType: { type: 'string', const: global.slug, readOnly: true },
    ...fields.properties,
  }
  if (hasDrafts(global)) properties._status = STATUS
  Object.assign(properties, { createdAt: TIMESTAMP, updatedAt: TIMESTAMP })
  return objectSchema({ properties, required: fields.required })
}

/** A stored version: the document as it was (without its id) plus version bookkeeping. */
function versionSchema(collection: SanitizedCollectionConfig, ctx: SchemaContext): Schema {
  const properties: Record<string, Schema> = {
    id: { ...schemaRef('DocumentId'), readOnly: true },
    parent: relatedDocument(collection.slug, ctx),
    version: collectionSchema(collection, ctx, { withId: false }),
    createdAt: TIMESTAMP,
    updatedAt: TIMESTAMP,
  }
  if (hasDrafts(collection)) properties.latest = { type: 'boolean', description: 'Whether this is the newest version.' }
  if (hasAutosave(collection))
    properties.autosave = { type: 'boolean', description: 'Saved by autosave rather than by an editor.' }
  return objectSchema({ properties, required: ['id', 'parent', 'version', 'createdAt', 'updatedAt'] })
}

function sharedSchemas(): Record<string, Schema> {
  const integer: Schema = { type: 'integer' }
  const nullableInteger: Schema = { type: ['integer', 'null'] }
  const boolean: Schema = { type: 'boolean' }
  const errorItem = objectOf({ message: STRING, field: STRING, code: ERROR_CODE }, ['message', 'code'])
  return {
    DocumentId: {
      type: ['string', 'integer'],
      description: 'Document ID: an integer on SQL databases, a string on MongoDB.',
    },
    PaginatedList: objectOf(
      {
        docs: { type: 'array', items: {} },
        totalDocs: integer,
        limit: integer,
        totalPages: integer,
        page: integer,
        pagingCounter: integer,
        hasPrevPage: boolean,
        hasNextPage: boolean,
        prevPage: nullableInteger,
        nextPage: nullableInteger,
      },
      [
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
      ],
    ),
    Error: objectOf({ errors: { type: 'array', items: errorItem, minItems: 1 }, requestId: STRING }, [
      'errors',
      'requestId',
    ]),
    Message: objectOf({ message: STRING }, ['message']),
  }
}

/* ------------------------------------------------------------ operations */

interface OperationSpec {
  tag: string
  operationId: string
  summary: string
  parameters?: readonly string[]
  requestBody?: OpenApiObject
  status?: '200' | '201'
  result: Schema
  /** Adds a 404 response (operations on one document). */
  notFound?: boolean
  /** Callable without credentials (login, forgot password). */
  isPublic?: boolean
}

function errorResponses(notFound: boolean): Record<string, Schema> {
  const relevant = ERROR_RESPONSES.filter((error) => notFound || error.status !== '404')
  return Object.fromEntries(relevant.map((error) => [error.status, responseRef(error.name)]))
}

function operation(spec: OperationSpec): OpenApiObject {
  const status = spec.status ?? '200'
  return compact({
    tags: [spec.tag],
    operationId: spec.operationId,
    summary: spec.summary,
    security: spec.isPublic ? [] : undefined,
    parameters: spec.parameters?.map(parameterRef),
    requestBody: spec.requestBody,
    responses: {
      [status]: { description: status === '201' ? 'Created' : 'OK', content: jsonContent(spec.result) },
      ...errorResponses(spec.notFound ?? false),
    },
  })
}

const paginated = (item: Schema): Schema => ({
  allOf: [schemaRef('PaginatedList'), objectOf({ docs: { type: 'array', items: item } })],
})

const changedDocument = (doc: Schema): Schema => objectOf({ doc, message: STRING }, ['doc', 'message'])

function createBody(collection: SanitizedCollectionConfig, doc: Schema): OpenApiObject {
  if (!collection.upload) return jsonBody(doc)
  const upload = objectOf(
    {
      file: { type: 'string', format: 'binary' },
      _payload: { type: 'string', description: 'The other fields, as a JSON string.' },
    },
    ['file'],
  )
  // Creating an upload needs the file itself (the server does not fetch URLs), so multipart only.
  return { required: true, content: { 'multipart/form-data': { schema: upload } } }
}

function collectionPaths(collection: SanitizedCollectionConfig, names: EntityNames): Record<string, OpenApiObject> {
  const { slug } = collection
  const { schema: name, plural } = names
  const doc = schemaRef(name)
  const tag = slug
  const idParam = [parameterRef('id')]
  const paths: Record<string, OpenApiObject> = {
    [`/${slug}`]: {
      get: operation({
        tag,
        operationId: `find${plural}`,
        summary: `List ${slug}`,
        parameters: LIST_PARAMS,
        result: paginated(doc),
      }),
      post: operation({
        tag,
        operationId: `create${name}`,
        summary: `Create a document in ${slug}`,
        parameters: WRITE_PARAMS,
        requestBody: createBody(collection, doc),
        status: '201',
        result: changedDocument(doc),
      }),
    },
    [`/${slug}/count`]: {
      get: operation({
        tag,
        operationId: `count${plural}`,
        summary: `Count ${slug}`,
        parameters: ['where'],
        result: objectOf({ totalDocs: { type: 'integer' } }, ['totalDocs']),
      }),
    },
    [`/${slug}/{id}`]: {
      parameters: idParam,
      get: operation({
        tag,
        operationId: `find${name}ById`,
        summary: `Get one of ${slug}`,
        parameters: READ_PARAMS,
        result: doc,
        notFound: true,
      }),
      patch: operation({
        tag,
        operationId: `update${name}`,
        summary: `Update one of ${slug} (send only the fields to change)`,
        parameters: WRITE_PARAMS,
        requestBody: jsonBody(doc),
        result: changedDocument(doc),
        notFound: true,
      }),
      delete: operation({
        tag,
        operationId: `delete${name}`,
        summary: `Delete one of ${slug}`,
        parameters: ['depth'],
        result: changedDocument(doc),
        notFound: true,
      }),
    },
  }
  if (collection.versions) Object.assign(paths, versionPaths(slug, names))
  if (collection.auth) Object.assign(paths, authPaths(collection, names))
  if (collection.endpoints && collection.endpoints.some((endpoint) => endpoint.path === '/:id/schedule'))
    Object.assign(paths, schedulePaths(slug, names))
  Object.assign(paths, inquiryPaths(collection))
  return paths
}

/** Staff tools of the inquiries (src/collections/Inquiries/): the unread count and the CSV export. */
function inquiryPaths(collection: SanitizedCollectionConfig): Record<string, OpenApiObject> {
  const has = (path: string) => (collection.endpoints || []).some((endpoint) => endpoint.path === path)
  const { slug } = collection
  const paths: Record<string, OpenApiObject> = {}
  if (has('/unread-count'))
    paths[`/${slug}/unread-count`] = {
      get: operation({
        tag: slug,
        operationId: 'countUnreadInquiries',
        summary: 'How many inquiries are unread and not spam (editors and admins)',
        result: objectOf({ count: { type: 'integer' } }, ['count']),
      }),
    }
  if (has('/export.csv')) {
    const exported = operation({
      tag: slug,
      operationId: 'exportInquiriesCsv',
      summary:
        'The inquiries the filter selects, as CSV (editors and admins); formula-like cells start with an apostrophe',
      parameters: ['sort', 'where'],
      result: STRING,
    })
    const responses = exported.responses as Record<string, unknown>
    responses['200'] = { description: 'OK', content: { 'text/csv': { schema: STRING } } }
    paths[`/${slug}/export.csv`] = { get: exported }
  }
  return paths
}

/** Scheduled publish and unpublish of one document (src/jobs/scheduleEndpoint.ts). */
function schedulePaths(slug: string, { schema: name }: EntityNames): Record<string, OpenApiObject> {
  const change = objectOf(
    {
      id: { oneOf: [STRING, { type: 'integer' }] },
      action: { type: 'string', enum: ['publish', 'unpublish'] },
      at: { type: 'string', format: 'date-time' },
    },
    ['id', 'action', 'at'],
  )
  const request = objectOf(
    {
      action: { type: 'string', enum: ['publish', 'unpublish'] },
      at: { type: 'string', format: 'date-time', description: 'In the future, at most a year ahead.' },
    },
    ['action', 'at'],
  )
  return {
    [`/${slug}/{id}/schedule`]: {
      parameters: [parameterRef('id')],
      post: operation({
        tag: slug,
        operationId: `schedule${name}`,
        summary: 'Schedule a publish or unpublish (whoever may publish the document)',
        requestBody: jsonBody(request),
        status: '201',
        result: objectOf({ job: change }, ['job']),
        notFound: true,
      }),
      get: operation({
        tag: slug,
        operationId: `find${name}Schedules`,
        summary: 'Pending scheduled changes of the document, soonest first',
        result: objectOf({ docs: { type: 'array', items: change } }, ['docs']),
        notFound: true,
      }),
      delete: {
        ...operation({
          tag: slug,
          operationId: `cancel${name}Schedule`,
          summary: 'Cancel a pending scheduled change',
          result: objectOf({ job: objectOf({ id: { oneOf: [STRING, { type: 'integer' }] } }, ['id']) }, ['job']),
          notFound: true,
        }),
        parameters: [
          {
            name: 'job',
            in: 'query',
            required: true,
            description: 'Id of the scheduled change (from GET).',
            schema: STRING,
          },
        ],
      },
    },
  }
}

function versionPaths(slug: string, { schema: name }: EntityNames): Record<string, OpenApiObject> {
  const version = schemaRef(`${name}Version`)
  return {
    [`/${slug}/versions`]: {
      get: operation({
        tag: slug,
        operationId: `find${name}Versions`,
        summary: `List versions of ${slug}`,
        parameters: ['limit', 'page', 'depth', 'sort', 'where'],
        result: paginated(version),
      }),
    },
    [`/${slug}/versions/{id}`]: {
      parameters: [parameterRef('id')],
      get: operation({
        tag: slug,
        operationId: `find${name}VersionById`,
        summary: `Get one version of ${slug}`,
        parameters: ['depth'],
        result: version,
        notFound: true,
      }),
    },
  }
}

/** Email and/or username, as the collection's `loginWithUsername` setting allows. */
function loginIdentifier(collection: SanitizedCollectionConfig): ObjectShape {
  const withUsername = collection.auth.loginWithUsername
  const byEmail = !withUsername || withUsername.allowEmailLogin !== false
  const properties: Record<string, Schema> = {}
  if (byEmail) properties.email = { type: 'string', format: 'email' }
  if (withUsername) properties.username = STRING
  const required = byEmail && withUsername ? [] : Object.keys(properties)
  return { properties, required }
}

function authPaths(
  collection: SanitizedCollectionConfig,
  { schema: name }: EntityNames,
): Record<string, OpenApiObject> {
  const { slug } = collection
  const user = schemaRef(name)
  const tag = slug
  const message = schemaRef('Message')
  const token = { type: 'string', description: 'JWT; send as `Authorization: Bearer <token>`.' }
  const exp = { type: 'integer', description: 'Expiry, in seconds since the epoch.' }
  const paths: Record<string, OpenApiObject> = {}
  const identifier = loginIdentifier(collection)
  if (!collection.auth.disableLocalStrategy) {
    const credentials = {
      properties: { ...identifier.properties, password: { type: 'string', format: 'password' } },
      required: [...identifier.required, 'password'],
    }
    paths[`/${slug}/login`] = {
      post: operation({
        tag,
        operationId: `login${name}`,
        summary: 'Log in; also sets the session cookie',
        isPublic: true,
        requestBody: jsonBody(objectSchema(credentials)),
        result: objectOf({ message: STRING, user, token, exp }, ['message', 'user']),
      }),
    }
  }
  paths[`/${slug}/logout`] = {
    post: operation({
      tag,
      operationId: `logout${name}`,
      summary: 'Log out and clear the session cookie',
      result: message,
    }),
  }
  paths[`/${slug}/me`] = {
    get: operation({
      tag,
      operationId: `current${name}`,
      summary: 'The logged-in account, or null',
      result: objectOf(
        { user: { oneOf: [user, NULL_SCHEMA] }, collection: STRING, strategy: STRING, token, exp, message: STRING },
        ['user'],
      ),
    }),
  }
  if (
    collection.auth.useAPIKey &&
    collection.endpoints &&
    collection.endpoints.some((endpoint) => endpoint.path === '/:id/rotate-api-key')
  ) {
    paths[`/${slug}/{id}/rotate-api-key`] = {
      parameters: [parameterRef('id')],
      post: operation({
        tag,
        operationId: `rotateApiKey${name}`,
        summary:
          'Issue a new API key (the account itself or an admin); shown once, the previous key keeps working for a while',
        result: objectOf(
          {
            message: STRING,
            apiKey: STRING,
            previousKeyValidUntil: { oneOf: [{ type: 'string', format: 'date-time' }, NULL_SCHEMA] },
          },
          ['message', 'apiKey', 'previousKeyValidUntil'],
        ),
        notFound: true,
      }),
    }
  }
  if (!collection.auth.disableLocalStrategy) {
    paths[`/${slug}/forgot-password`] = {
      post: operation({
        tag,
        operationId: `forgotPassword${name}`,
        summary: 'Email a password-reset link',
        isPublic: true,
        requestBody: jsonBody(objectSchema(identifier)),
        result: message,
      }),
    }
  }
  return paths
}

/**
 * `GET /preview`: one draft for the site's preview route, and `GET /preview/globals/{slug}`: the editor's
 * draft of a global for any valid token (src/preview/previewDraftEndpoint.ts), when configured.
 */
function previewPaths(
  config: SanitizedConfig,
  docSchemas: ReadonlyMap<string, string>,
  globalSchemas: ReadonlyMap<string, string>,
): Record<string, OpenApiObject> {
  if (!config.endpoints.some((endpoint) => endpoint.path === '/preview' && endpoint.method === 'get')) return {}
  const drafts = PREVIEWABLE_COLLECTIONS.flatMap((slug) => {
    const name = docSchemas.get(slug)
    return name ? [schemaRef(name)] : []
  })
  return {
    '/preview': {
      get: compact({
        tags: ['preview'],
        operationId: 'findPreviewDraft',
        summary: 'The draft a signed preview token names, read with the access of the editor who asked for it',
        security: [],
        parameters: [
          {
            name: 'X-Preview-Token',
            in: 'header',
            required: true,
            description: "From the admin panel's preview link: `v1.<collection>.<id>.<user>.<expiry>.<signature>`.",
            schema: STRING,
          },
          parameterRef('depth'),
          parameterRef('select'),
        ],
        responses: {
          '200': {
            description: 'OK (never cached)',
            content: jsonContent(objectOf({ doc: { oneOf: drafts } }, ['doc'])),
          },
          ...errorResponses(true),
        },
      }),
    },
    '/preview/globals/{slug}': {
      get: compact({
        tags: ['preview'],
        operationId: 'findPreviewGlobal',
        summary: "The latest draft of a public global, for any valid preview token, read with that editor's access",
        security: [],
        parameters: [
          {
            name: 'slug',
            in: 'path',
            required: true,
            description: 'A public global.',
            schema: { type: 'string', enum: [...PUBLIC_GLOBALS] },
          },
          {
            name: 'X-Preview-Token',
            in: 'header',
            required: true,
            description: "Any valid preview token (a document's or a global's).",
            schema: STRING,
          },
          parameterRef('depth'),
          parameterRef('select'),
        ],
        responses: {
          '200': {
            description: 'OK (never cached)',
            content: jsonContent(
              objectOf(
                {
                  doc: {
                    oneOf: PUBLIC_GLOBALS.flatMap((slug) => {
                      const name = globalSchemas.get(slug)
                      return name ? [schemaRef(name)] : []
                    }),
                  },
                },
                ['doc'],
              ),
            ),
          },
          ...errorResponses(true),
        },
      }),
    },
  }
}

/** Site search (server/searchRoute.ts): the answer's shapes, and the one path. */
function searchSchemas(): Record<string, Schema> {
  const type: Schema = { type: 'string', enum: [...SEARCH_TYPES] }
  const count: Schema = { type: 'integer', minimum: 0 }
  return {
    SearchHit: objectOf(
      {
        type,
        id: STRING,
        title: STRING,
        url: { type: 'string', description: 'Path of the document on the website.' },
        snippet: {
          type: 'string',
          description: 'HTML: an HTML-escaped excerpt with the matched words in `<mark>`.',
        },
        score: { type: 'number', description: 'Relevance; higher ranks first.' },
      },
      ['type', 'id', 'title', 'url', 'snippet', 'score'],
    ),
    SearchAnswer: objectOf(
      {
        query: STRING,
        type: { oneOf: [type, NULL_SCHEMA] },
        hits: { type: 'array', items: schemaRef('SearchHit') },
        total: count,
        page: { type: 'integer', minimum: 1 },
        limit: { type: 'integer', minimum: 1 },
        totalPages: count,
        facets: {
          ...objectOf(Object.fromEntries(SEARCH_TYPES.map((slug) => [slug, count])), [...SEARCH_TYPES]),
          description: 'Hits for the query per type, whatever the `type` filter.',
        },
      },
      ['query', 'type', 'hits', 'total', 'page', 'limit', 'totalPages', 'facets'],
    ),
  }
}

function searchPaths(): Record<string, OpenApiObject> {
  const query = (name: string, description: string, schema: Schema, required = false) => ({
    name,
    in: 'query',
    required,
    description,
    schema,
  })
  return {
    '/search': {
      get: {
        tags: ['search'],
        operationId: 'search',
        summary: 'Search published pages, posts, services, projects and demos',
        description:
          'Ranked by relevance: title matches first, then summary, then body text. Every word must match ' +
          '(exactly, as a prefix, or with a typo in words of four letters or more); when no document has them ' +
          'all, documents with any of them are ranked. Drafts and private fields are never searched.',
        security: [],
        parameters: [
          query(
            'q',
            'The words to search for.',
            { type: 'string', minLength: 1, maxLength: SEARCH_LIMITS.maxQueryChars },
            true,
          ),
          query('type', 'Only documents of this collection.', { type: 'string', enum: [...SEARCH_TYPES] }),
          query('limit', 'Hits per page.', {
            type: 'integer',
            minimum: 1,
            maximum: SEARCH_LIMITS.maxLimit,
            default: SEARCH_LIMITS.defaultLimit,
          }),
          query('page', 'Page number, from 1.', {
            type: 'integer',
            minimum: 1,
            maximum: SEARCH_LIMITS.maxPage,
            default: 1,
          }),
        ],
        responses: {
          '200': { description: 'OK (never cached)', content: jsonContent(schemaRef('SearchAnswer')) },
          '400': responseRef('BadRequest'),
          '429': responseRef('TooManyRequests'),
          '503': {
            description:
              'The search index is still being built, or did not answer within 5 s (a busy engine); try again after Retry-After.',
            content: jsonContent(schemaRef('Error')),
          },
        },
      },
    },
  }
}

function globalPaths(global: SanitizedGlobalConfig, { schema: name }: EntityNames): Record<string, OpenApiObject> {
  const { slug } = global
  const doc = schemaRef(name)
  return {
    [`/globals/${slug}`]: {
      get: operation({
        tag: slug,
        operationId: `get${name}`,
        summary: `Get ${slug}`,
        parameters: READ_PARAMS,
        result: doc,
      }),
      post: operation({
        tag: slug,
        operationId: `update${name}`,
        summary: `Update ${slug} (send only the fields to change)`,
        parameters: WRITE_PARAMS,
        requestBody: jsonBody(doc),
        result: objectOf({ message: STRING, result: doc }, ['message', 'result']),
      }),
    },
  }
}

/* ------------------------------------------------------------ components */

function parameterComponents(maxDepth: number): Record<string, OpenApiObject> {
  const freeformObject = { type: 'object', additionalProperties: true }
  return {
    id: { name: 'id', in: 'path', required: true, description: 'Document ID.', schema: STRING },
    limit: {
      name: 'limit',
      in: 'query',
      description: 'Documents per page; 0 returns all.',
      schema: { type: 'integer', minimum: 0 },
    },
    page: { name: 'page', in: 'query', description: 'Page number, from 1.', schema: { type: 'integer', minimum: 1 } },
    depth: {
      name: 'depth',
      in: 'query',
      description: 'Levels of relationships to populate; 0 returns IDs only.',
      schema: { type: 'integer', minimum: 0, maximum: maxDepth },
    },
    sort: {
      name: 'sort',
      in: 'query',
      description: 'Field to sort by; prefix with - for descending, comma-separate several.',
      schema: STRING,
      example: '-createdAt',
    },
    where: {
      name: 'where',
      in: 'query',
      style: 'deepObject',
      explode: true,
      description: 'Filter, e.g. `where[slug][equals]=about` or `where[or][0][title][like]=intro`.',
      schema: freeformObject,
    },
    select: {
      name: 'select',
      in: 'query',
      style: 'deepObject',
      explode: true,
      description: 'Fields to return, e.g. `select[title]=true`.',
      schema: freeformObject,
    },
    draft: {
      name: 'draft',
      in: 'query',
      description: 'Reads: return the newest draft. Writes: save as a draft without publishing.',
      schema: { type: 'boolean' },
    },
  }
}

function errorResponseComponents(): Record<string, OpenApiObject> {
  return Object.fromEntries(
    ERROR_RESPONSES.map((error) => [
      error.name,
      {
        description: `${error.description} Codes: ${codesWithStatus(error.status)}.`,
        content: jsonContent(schemaRef('Error')),
      },
    ]),
  )
}

function securitySchemes(
  config: SanitizedConfig,
  collections: readonly SanitizedCollectionConfig[],
): Record<string, OpenApiObject> {
  const authSlugs = collections.filter((collection) => collection.auth).map((collection) => collection.slug)
  const apiKeySlugs = collections
    .filter((collection) => collection.auth?.useAPIKey)
    .map((collection) => collection.slug)
  const loginPaths = authSlugs.map((slug) => `POST /${slug}/login`).join(' or ')
  const schemes: Record<string, OpenApiObject> = {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: `Token from ${loginPaths || 'login'}. Payload also accepts \`Authorization: JWT <token>\`.`,
    },
  }
  if (apiKeySlugs.length > 0) {
    schemes.apiKey = {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: apiKeySlugs.map((slug) => `${slug} API-Key <key>`).join(' or '),
    }
  }
  schemes.cookie = {
    type: 'apiKey',
    in: 'cookie',
    name: `${config.cookiePrefix ?? 'payload'}-token`,
    description: 'Session cookie set by login; browsers send it automatically.',
  }
  return schemes
}

/* ----------------------------------------------------------------- entry */

export function buildOpenApiDocument(config: SanitizedConfig, options: OpenApiOptions): Record<string, unknown> {
  const collections = config.collections.filter(isPublicCollection)
  const globals = config.globals
  const shared = sharedSchemas()

  const taken = new Set([...Object.keys(shared), 'SearchHit', 'SearchAnswer'])
  const collectionNames = collections.map((collection) => entityNames(collection, taken))
  const globalNames = globals.map((global) => entityNames(global, taken))
  const versioned = collections.flatMap((collection, index) =>
    collection.versions ? [{ collection, names: collectionNames[index] }] : [],
  )
  for (const { names } of versioned) taken.add(`${names.schema}Version`)

  const ctx: SchemaContext = {
    docSchemas: new Map(collections.map((collection, index) => [collection.slug, collectionNames[index].schema])),
    sharedBlocks: config.blocks ?? [],
    taken,
    named: new Map(),
  }

  const schemas: Record<string, Schema> = {}
  collections.forEach(
    (collection, index) => (schemas[collectionNames[index].schema] = collectionSchema(collection, ctx)),
  )
  globals.forEach((global, index) => (schemas[globalNames[index].schema] = globalSchema(global, ctx)))
  for (const { collection, names } of versioned) schemas[`${names.schema}Version`] = versionSchema(collection, ctx)
  Object.assign(schemas, Object.fromEntries(ctx.named), shared, searchSchemas())

  const paths: Record<string, OpenApiObject> = {}
  collections.forEach((collection, index) => Object.assign(paths, collectionPaths(collection, collectionNames[index])))
  globals.forEach((global, index) => Object.assign(paths, globalPaths(global, globalNames[index])))
  Object.assign(
    paths,
    previewPaths(
      config,
      ctx.docSchemas,
      new Map(globals.map((global, index) => [global.slug, globalNames[index].schema])),
    ),
  )
  Object.assign(paths, searchPaths())

  const schemes = securitySchemes(config, collections)
  const api = config.routes.api

  return {
    openapi: '3.1.0',
    info: {
      title: 'MSPN DEV CMS API',
      version: options.version ?? '1.0.0',
      description:
        'REST API generated by Payload CMS. Reads of published content need no credentials; everything else ' +
        'needs a login token, an API key or the session cookie. Unset optional fields are returned as null.',
    },
    servers: [{ url: `${options.serverUrl.replace(/\/+$/, '')}${api}` }],
    tags: [
      ...collections.map((collection) => ({ name: collection.slug, description: `Collection \`${collection.slug}\`` })),
      ...globals.map((global) => ({ name: global.slug, description: `Global \`${global.slug}\`` })),
      ...(paths['/preview']
        ? [{ name: 'preview', description: 'Draft preview for the website (signed links from the admin panel)' }]
        : []),
      { name: 'search', description: 'Site search over published content' },
    ],
    security: [...Object.keys(schemes).map((name) => ({ [name]: [] })), {}],
    paths,
    components: {
      schemas,
      parameters: parameterComponents(config.maxDepth),
      responses: errorResponseComponents(),
      securitySchemes: schemes,
    },
  }
}
