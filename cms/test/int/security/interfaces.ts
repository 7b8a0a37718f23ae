/**
 * The three doors to the data, behind one shape, so the access matrix can ask each the same question:
 * REST under /api/v1, GraphQL at /api/v1/graphql, and the Local API with overrideAccess: false and the
 * caller's user. Every answer is normalised to ok (with ids) or a refusal kind; a 5xx or an unexpected
 * exception fails the test at once.
 */
import { formatNames, type Payload, type TypedUser } from 'payload'

import type { Id } from './fixtures'

export type Refusal = 'forbidden' | 'notFound' | 'absent' | 'invalid'
export type Result =
  | { ok: true; ids: Id[]; totalDocs?: number; doc?: Record<string, unknown> }
  | { ok: false; kind: Refusal; detail: string }

export interface Caller {
  /** Authorization header value, if any. */
  auth?: string
  /** The user the Local API acts as. */
  user?: TypedUser | null
}

export interface FindOptions {
  draft?: boolean
}

export interface DataInterface {
  name: 'rest' | 'graphql' | 'local'
  find(slug: string, caller: Caller, options?: FindOptions): Promise<Result>
  findByID(slug: string, caller: Caller, id: Id, options?: FindOptions): Promise<Result>
  count(slug: string, caller: Caller): Promise<Result>
  versions(slug: string, caller: Caller): Promise<Result>
  create(
    slug: string,
    caller: Caller,
    data: Record<string, unknown>,
    options: { draft: boolean; file?: Buffer },
  ): Promise<Result>
  update(
    slug: string,
    caller: Caller,
    id: Id,
    data: Record<string, unknown>,
    options: { draft: boolean },
  ): Promise<Result>
  delete(slug: string, caller: Caller, id: Id): Promise<Result>
  readGlobal(slug: string, caller: Caller): Promise<Result>
  updateGlobal(slug: string, caller: Caller, data: Record<string, unknown>): Promise<Result>
  globalVersions(slug: string, caller: Caller): Promise<Result>
}

const idsOf = (docs: unknown): Id[] => (Array.isArray(docs) ? docs.map((d) => (d as { id: Id }).id) : [])
const parentIdsOf = (docs: unknown): Id[] =>
  Array.isArray(docs)
    ? docs.map((d) => {
        const parent = (d as { parent?: unknown }).parent
        return (parent && typeof parent === 'object' ? (parent as { id: Id }).id : parent) as Id
      })
    : []

class ServerError extends Error {}

// ---------------------------------------------------------------- REST

export function restInterface(
  api: string,
  keyOf: (slug: string, id: Id) => string = (_s, id) => String(id),
): DataInterface {
  async function call(caller: Caller, path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const headers = new Headers(init.headers)
    if (caller.auth) headers.set('authorization', caller.auth)
    const response = await fetch(`${api}${path}`, { ...init, headers })
    const text = await response.text()
    let body: any
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = text
    }
    if (response.status >= 500)
      throw new ServerError(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
    return { status: response.status, body }
  }
  const refusal = (status: number, body: unknown): Result => ({
    ok: false,
    kind: status === 401 || status === 403 ? 'forbidden' : status === 404 ? 'notFound' : 'invalid',
    detail: `${status} ${JSON.stringify(body).slice(0, 200)}`,
  })
  const list = async (caller: Caller, path: string): Promise<Result> => {
    const { status, body } = await call(caller, path)
    if (status !== 200) return refusal(status, body)
    return { ok: true, ids: idsOf(body.docs), totalDocs: body.totalDocs }
  }
  const json = (method: string, data: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data),
  })
  const item = (slug: string, id: Id) => `/${slug}/${encodeURIComponent(keyOf(slug, id))}`
  const isPreferences = (slug: string) => slug === 'payload-preferences'
  return {
    name: 'rest',
    find: (slug, caller, { draft } = {}) => list(caller, `/${slug}?limit=10000&depth=0${draft ? '&draft=true' : ''}`),
    async findByID(slug, caller, id, { draft } = {}) {
      const { status, body } = await call(caller, `${item(slug, id)}?depth=0${draft ? '&draft=true' : ''}`)
      if (status !== 200) return refusal(status, body)
      // Preferences answer by key, for the caller only: an empty answer is "not found".
      if (isPreferences(slug))
        return body?.id === id
          ? { ok: true, ids: [id], doc: body }
          : { ok: false, kind: 'notFound', detail: JSON.stringify(body) }
      return { ok: true, ids: [body.id], doc: body }
    },
    async count(slug, caller) {
      const { status, body } = await call(caller, `/${slug}/count`)
      if (status !== 200) return refusal(status, body)
      return { ok: true, ids: [], totalDocs: body.totalDocs }
    },
    async versions(slug, caller) {
      const { status, body } = await call(caller, `/${slug}/versions?limit=10000&depth=0`)
      if (status !== 200) return refusal(status, body)
      return { ok: true, ids: parentIdsOf(body.docs), totalDocs: body.totalDocs }
    },
    async create(slug, caller, data, { draft, file }) {
      let init: RequestInit
      if (file) {
        const form = new FormData()
        form.set('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'fixture.png')
        form.set('_payload', JSON.stringify(data))
        init = { method: 'POST', body: form }
      } else init = json('POST', data)
      const { status, body } = await call(caller, `/${slug}?depth=0${draft ? '&draft=true' : ''}`, init)
      if (status !== 201 && status !== 200) return refusal(status, body)
      return { ok: true, ids: [body.doc.id], doc: body.doc }
    },
    async update(slug, caller, id, data, { draft }) {
      if (isPreferences(slug)) {
        const { status, body } = await call(caller, item(slug, id), json('POST', { value: data.value }))
        if (status !== 200) return refusal(status, body)
        return { ok: true, ids: [body.doc?.id], doc: body.doc }
      }
      const { status, body } = await call(
        caller,
        `${item(slug, id)}?depth=0${draft ? '&draft=true' : ''}`,
        json('PATCH', data),
      )
      if (status !== 200) return refusal(status, body)
      return { ok: true, ids: [body.doc.id], doc: body.doc }
    },
    async delete(slug, caller, id) {
      const { status, body } = await call(caller, item(slug, id), { method: 'DELETE' })
      if (status !== 200) return refusal(status, body)
      return { ok: true, ids: [id] }
    },
    async readGlobal(slug, caller) {
      const { status, body } = await call(caller, `/globals/${slug}?depth=0`)
      if (status !== 200) return refusal(status, body)
      return { ok: true, ids: [], doc: body }
    },
    async updateGlobal(slug, caller, data) {
      const { status, body } = await call(caller, `/globals/${slug}`, json('POST', data))
      if (status !== 200) return refusal(status, body)
      return { ok: true, ids: [], doc: body.result ?? body.doc ?? body }
    },
    globalVersions: (slug, caller) => list(caller, `/globals/${slug}/versions?depth=0`),
  }
}

// ---------------------------------------------------------------- GraphQL

interface GraphQLError {
  message: string
  extensions?: { statusCode?: number; name?: string }
}

export function graphqlInterface(api: string, versioned: (slug: string) => boolean): DataInterface {
  const names = (slug: string) => {
    const { singular, plural } = formatNames(slug)
    return { singular, plural: singular === plural ? `all${singular}` : plural }
  }
  const globalName = (slug: string) => formatNames(slug).singular
  async function run(
    caller: Caller,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data: any; errors?: GraphQLError[] }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (caller.auth) headers.authorization = caller.auth
    const response = await fetch(`${api}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    })
    const text = await response.text()
    if (response.status >= 500) throw new ServerError(`GraphQL answered ${response.status}: ${text.slice(0, 300)}`)
    const body = JSON.parse(text)
    for (const error of body.errors ?? []) {
      if ((error.extensions?.statusCode ?? 0) >= 500)
        throw new ServerError(`GraphQL error ${JSON.stringify(error).slice(0, 300)}`)
    }
    return body
  }
  const refusal = (errors: GraphQLError[]): Result => {
    const [first] = errors
    const message = first.message
    const status = first.extensions?.statusCode
    const kind: Refusal =
      status === 403 || status === 401 || /not allowed|forbidden/i.test(message)
        ? 'forbidden'
        : /Cannot query field|Unknown type|Unknown argument/.test(message)
          ? 'absent'
          : status === 404 || /not found/i.test(message)
            ? 'notFound'
            : 'invalid'
    return { ok: false, kind, detail: JSON.stringify(errors).slice(0, 300) }
  }
  const draftArg = (slug: string, draft?: boolean) => (draft && versioned(slug) ? ', draft: true' : '')
  return {
    name: 'graphql',
    async find(slug, caller, { draft } = {}) {
      const { plural } = names(slug)
      const { data, errors } = await run(
        caller,
        `{ r: ${plural}(limit: 10000${draftArg(slug, draft)}) { totalDocs docs { id } } }`,
      )
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: idsOf(data.r.docs), totalDocs: data.r.totalDocs }
    },
    async findByID(slug, caller, id, { draft } = {}) {
      const { singular } = names(slug)
      const { data, errors } = await run(
        caller,
        `{ r: ${singular}(id: ${JSON.stringify(id)}${draftArg(slug, draft)}) { id } }`,
      )
      if (errors?.length) return refusal(errors)
      if (!data?.r) return { ok: false, kind: 'notFound', detail: 'null' }
      return { ok: true, ids: [data.r.id], doc: data.r }
    },
    async count(slug, caller) {
      const { plural } = names(slug)
      const { data, errors } = await run(caller, `{ r: count${plural} { totalDocs } }`)
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: [], totalDocs: data.r.totalDocs }
    },
    async versions(slug, caller) {
      const { plural } = names(slug)
      const { data, errors } = await run(
        caller,
        `{ r: versions${plural}(limit: 10000) { totalDocs docs { id parent { id } } } }`,
      )
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: parentIdsOf(data.r.docs).filter((id) => id !== undefined), totalDocs: data.r.totalDocs }
    },
    async create(slug, caller, input, { draft }) {
      const { singular } = names(slug)
      const { data, errors } = await run(
        caller,
        `mutation ($data: mutation${singular}Input!) { r: create${singular}(data: $data${draftArg(slug, draft)}) { id } }`,
        {
          data: input,
        },
      )
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: [data.r.id], doc: data.r }
    },
    async update(slug, caller, id, input, { draft }) {
      const { singular } = names(slug)
      const { data, errors } = await run(
        caller,
        `mutation ($data: mutation${singular}UpdateInput!) { r: update${singular}(id: ${JSON.stringify(id)}, data: $data${draftArg(slug, draft)}) { id } }`,
        { data: input },
      )
      if (errors?.length) return refusal(errors)
      if (!data?.r) return { ok: false, kind: 'notFound', detail: 'null' }
      return { ok: true, ids: [data.r.id], doc: data.r }
    },
    async delete(slug, caller, id) {
      const { singular } = names(slug)
      const { data, errors } = await run(caller, `mutation { r: delete${singular}(id: ${JSON.stringify(id)}) { id } }`)
      if (errors?.length) return refusal(errors)
      if (!data?.r) return { ok: false, kind: 'notFound', detail: 'null' }
      return { ok: true, ids: [data.r.id] }
    },
    async readGlobal(slug, caller) {
      const { data, errors } = await run(caller, `{ r: ${globalName(slug)} { updatedAt } }`)
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: [], doc: data.r }
    },
    async updateGlobal(slug, caller, input) {
      const name = globalName(slug)
      const { data, errors } = await run(
        caller,
        `mutation ($data: mutation${name}Input!) { r: update${name}(data: $data) { updatedAt } }`,
        { data: input },
      )
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: [], doc: data.r }
    },
    async globalVersions(slug, caller) {
      const { data, errors } = await run(caller, `{ r: versions${globalName(slug)}(limit: 50) { docs { id } } }`)
      if (errors?.length) return refusal(errors)
      return { ok: true, ids: idsOf(data.r.docs) }
    },
  }
}

// ---------------------------------------------------------------- Local API

export function localInterface(payload: Payload): DataInterface {
  const as = (caller: Caller) => ({ user: caller.user ?? undefined, overrideAccess: false as const, depth: 0 })
  async function attempt(operation: () => Promise<Result>): Promise<Result> {
    try {
      return await operation()
    } catch (error) {
      const status = (error as { status?: number }).status
      const name = (error as { name?: string }).name ?? ''
      const message = (error as Error).message ?? String(error)
      if (status === 403 || status === 401 || name === 'Forbidden' || name === 'UnauthorizedError')
        return { ok: false, kind: 'forbidden', detail: message }
      if (status === 404 || name === 'NotFound') return { ok: false, kind: 'notFound', detail: message }
      if (status === 400 || name === 'ValidationError' || name === 'MissingFile' || name === 'APIError')
        return { ok: false, kind: 'invalid', detail: message }
      throw error
    }
  }
  const any = payload as any
  return {
    name: 'local',
    find: (slug, caller, { draft } = {}) =>
      attempt(async () => {
        const result = await any.find({ collection: slug, limit: 10000, draft, ...as(caller) })
        return { ok: true, ids: idsOf(result.docs), totalDocs: result.totalDocs }
      }),
    findByID: (slug, caller, id, { draft } = {}) =>
      attempt(async () => {
        const doc = await any.findByID({ collection: slug, id, draft, ...as(caller) })
        return { ok: true, ids: [doc.id], doc }
      }),
    count: (slug, caller) =>
      attempt(async () => {
        const result = await any.count({ collection: slug, ...as(caller) })
        return { ok: true, ids: [], totalDocs: result.totalDocs }
      }),
    versions: (slug, caller) =>
      attempt(async () => {
        const result = await any.findVersions({ collection: slug, limit: 10000, ...as(caller) })
        return { ok: true, ids: parentIdsOf(result.docs), totalDocs: result.totalDocs }
      }),
    create: (slug, caller, data, { draft, file }) =>
      attempt(async () => {
        const doc = await any.create({
          collection: slug,
          data,
          draft,
          ...(file ? { file: { data: file, mimetype: 'image/png', name: 'fixture.png', size: file.length } } : {}),
          ...as(caller),
        })
        return { ok: true, ids: [doc.id], doc }
      }),
    update: (slug, caller, id, data, { draft }) =>
      attempt(async () => {
        const doc = await any.update({ collection: slug, id, data, draft, ...as(caller) })
        return { ok: true, ids: [doc.id], doc }
      }),
    delete: (slug, caller, id) =>
      attempt(async () => {
        const doc = await any.delete({ collection: slug, id, ...as(caller) })
        return { ok: true, ids: [doc.id] }
      }),
    readGlobal: (slug, caller) =>
      attempt(async () => {
        const doc = await any.findGlobal({ slug, ...as(caller) })
        return { ok: true, ids: [], doc }
      }),
    updateGlobal: (slug, caller, data) =>
      attempt(async () => {
        const doc = await any.updateGlobal({ slug, data, ...as(caller) })
        return { ok: true, ids: [], doc }
      }),
    globalVersions: (slug, caller) =>
      attempt(async () => {
        const result = await any.findGlobalVersions({ slug, ...as(caller) })
        return { ok: true, ids: idsOf(result.docs) }
      }),
  }
}
