/**
 * The access matrix: every collection and global in the Payload config × every caller × every
 * operation × REST, GraphQL and the Local API, against the expectations in accessTable.ts.
 * A collection or global the table does not describe fails the run, so new ones are covered by
 * construction. Indirect leaks (filters, sorts, select, populate, aliases) are in accessLeaks.int.test.ts.
 */
import type { TypedUser } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createConfig } from '../../../src/config'
import { parseEnv } from '../../../src/env'
import { createUser, login, startTestCms, TEST_SECRET, type TestCms } from '../../helpers/cms'
import {
  CALLERS,
  COLLECTION_OPS,
  COLLECTION_TABLE,
  GLOBAL_OPS,
  GLOBAL_TABLE,
  type Caller,
  type CollectionOp,
  type ReadOutcome,
  type WriteOutcome,
} from './accessTable'
import { FIXTURES, tinyPng, uniqueName, type Id } from './fixtures'
import {
  graphqlInterface,
  localInterface,
  restInterface,
  type Caller as Credentials,
  type DataInterface,
  type Result,
} from './interfaces'

// The config as the server builds it: the source of truth for which slugs exist.
const config = await createConfig(
  parseEnv({
    APP_ENV: 'test',
    DATABASE_URL: 'file:./data/unused.db',
    PAYLOAD_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
  }),
)
const collections = config.collections
const globals = config.globals
const collectionBySlug = new Map<string, (typeof collections)[number]>(collections.map((c) => [c.slug, c]))
const isVersioned = (slug: string) =>
  Boolean(collectionBySlug.get(slug)?.versions && (collectionBySlug.get(slug)?.versions as { drafts?: unknown }).drafts)

const GLOBAL_UPDATES: Record<
  string,
  (unique: string) => { field: string; data: Record<string, unknown>; value: unknown }
> = {
  'site-settings': (u) => ({
    field: 'tagline',
    data: { siteName: 'MSPN DEV', tagline: `Tagline ${u}` },
    value: `Tagline ${u}`,
  }),
  navigation: (u) => ({
    field: 'items',
    data: { items: [{ link: { label: `Nav ${u}`, type: 'custom', url: 'https://example.com' } }] },
    value: undefined,
  }),
  footer: (u) => ({ field: 'note', data: { note: `© ${u}` }, value: `© ${u}` }),
}

let cms: TestCms
let interfaces: DataInterface[]
const credentials = {} as Record<Caller, Credentials>
const accounts = {} as Record<Exclude<Caller, 'anonymous'> | 'other', { id: Id }>
/** A post only edit locks point at (a lock on a fixture post would block its updates). */
let postId: Id
let cellsChecked = 0
/** The Local API with slugs from the config (strings), for fixtures that bypass access. */
const local = () => cms.payload as any

/** Fixture documents per collection: open (published), hidden (drafts, other people's things), owned per caller. */
interface Universe {
  open: Id[]
  hidden: Id[]
  owned: Partial<Record<Caller, Id[]>>
}
const universes = new Map<string, Universe>()
const preferenceKeys = new Map<string, string>()

const userOf = (caller: Caller | 'other'): TypedUser | null =>
  caller === 'anonymous' ? null : ({ ...(accounts[caller] as object), collection: 'users' } as unknown as TypedUser)
const ownerOf = (caller: Caller | 'other'): Id => (caller === 'anonymous' ? accounts.other.id : accounts[caller].id)

/** Creates a document with access bypassed, owned by `owner` where the collection has owners. */
async function makeDoc(
  slug: string,
  owner: Caller | 'other',
  status: 'draft' | 'published' = 'published',
): Promise<Id> {
  const fixture = FIXTURES[slug]
  const unique = uniqueName()
  const ownerId = ownerOf(owner)
  const data: Record<string, unknown> = fixture.data({ unique, ownerId, postId })
  if (isVersioned(slug)) data._status = status
  if (slug === 'payload-preferences') {
    // Preferences take their owner from the request's user.
    const doc = await local().create({
      collection: slug,
      data,
      overrideAccess: true,
      user: userOf(owner) ?? undefined,
    } as never)
    preferenceKeys.set(String((doc as { id: Id }).id), data.key as string)
    return (doc as { id: Id }).id
  }
  const file = fixture.upload
    ? { data: await tinyPng(), mimetype: 'image/png', name: `${unique}.png`, size: (await tinyPng()).length }
    : undefined
  const doc = await local().create({
    collection: slug,
    data,
    overrideAccess: true,
    draft: status === 'draft',
    ...(file ? { file } : {}),
  } as never)
  return (doc as { id: Id }).id
}

/** The document as stored, trashed or not (null once deleted for good). */
async function readBypassing(slug: string, id: Id): Promise<Record<string, unknown> | null> {
  const found = await local().find({
    collection: slug,
    where: { id: { equals: id } },
    overrideAccess: true,
    draft: true,
    ...(collectionBySlug.get(slug)?.trash ? { trash: true } : {}),
    depth: 0,
    limit: 1,
  } as never)
  return ((found as { docs: Record<string, unknown>[] }).docs[0] ?? null) as Record<string, unknown> | null
}

const countBypassing = async (slug: string) =>
  (await local().count({ collection: slug, overrideAccess: true } as never)).totalDocs

beforeAll(async () => {
  cms = await startTestCms()
  const make = async (role: 'author' | 'editor' | 'admin', name: string) => {
    const created = await createUser(cms, role, name)
    return { ...created, account: created.user as unknown as { id: Id } }
  }
  const author = await make('author', 'Ada Author')
  const other = await make('author', 'Otto Other')
  const editor = await make('editor', 'Eddie Editor')
  const admin = await make('admin', 'Alma Admin')
  const keyholder = await make('editor', 'Kim Keyholder')
  const apiKey = `matrix-${uniqueName()}-0000-4000-8000-000000000000`
  await local().update({
    collection: 'users',
    id: keyholder.user.id,
    data: { enableAPIKey: true, apiKey } as never,
    overrideAccess: true,
  })
  Object.assign(accounts, {
    author: author.account,
    other: other.account,
    editor: editor.account,
    admin: admin.account,
    apiKey: keyholder.account,
  })
  credentials.anonymous = { user: null }
  credentials.author = { auth: await login(cms, author.email, author.password), user: userOf('author') }
  credentials.editor = { auth: await login(cms, editor.email, editor.password), user: userOf('editor') }
  credentials.admin = { auth: await login(cms, admin.email, admin.password), user: userOf('admin') }
  credentials.apiKey = { auth: `users API-Key ${apiKey}`, user: userOf('apiKey') }
  postId = await makeDoc('posts', 'other', 'published')

  for (const { slug } of collections) {
    if (!FIXTURES[slug]) continue
    const universe: Universe = { open: [], hidden: [], owned: {} }
    if (slug === 'users') {
      universe.hidden.push(accounts.other.id)
      for (const caller of CALLERS) if (caller !== 'anonymous') universe.owned[caller] = [accounts[caller].id]
    } else if (slug === 'payload-preferences') {
      universe.hidden.push(await makeDoc(slug, 'other'))
      for (const caller of CALLERS) if (caller !== 'anonymous') universe.owned[caller] = [await makeDoc(slug, caller)]
    } else if (slug === 'posts') {
      universe.open.push(await makeDoc(slug, 'other', 'published'))
      universe.hidden.push(await makeDoc(slug, 'other', 'draft'))
      universe.owned.author = [await makeDoc(slug, 'author', 'draft')]
    } else {
      universe.open.push(await makeDoc(slug, 'other', 'published'))
      if (isVersioned(slug)) universe.hidden.push(await makeDoc(slug, 'other', 'draft'))
    }
    universes.set(slug, universe)
  }

  interfaces = [
    restInterface(cms.api, (slug, id) =>
      slug === 'payload-preferences' ? (preferenceKeys.get(String(id)) ?? String(id)) : String(id),
    ),
    graphqlInterface(cms.api, isVersioned),
    localInterface(cms.payload),
  ]
})

afterAll(async () => {
  // The figure the brief asks for: cells × interfaces actually checked.
  console.log(`access matrix: ${cellsChecked} checks (cell × interface)`)
  await cms?.stop()
})

/** Whether an interface is switched off for a collection in its config, and so must be really absent. */
function interfaceOff(slug: string, api: DataInterface['name']): boolean {
  const collection = collectionBySlug.get(slug)
  if (!collection) return false
  if (api === 'rest') return collection.endpoints === false
  if (api === 'graphql') return collection.graphQL === false
  return false
}

function expectRefused(
  result: Result,
  label: string,
  kinds: Result extends infer R ? (R extends { ok: false; kind: infer K } ? K : never)[] : never,
) {
  expect(result.ok, `${label}: expected a refusal, got ${JSON.stringify(result).slice(0, 300)}`).toBe(false)
  if (!result.ok) expect(kinds, `${label}: refused as ${result.kind} (${result.detail})`).toContain(result.kind)
}

function expectOk(result: Result, label: string): asserts result is Extract<Result, { ok: true }> {
  expect(result.ok, `${label}: expected success, got ${JSON.stringify(result).slice(0, 400)}`).toBe(true)
}

/** Which fixture ids a read outcome must show and must not show. */
function visibility(outcome: ReadOutcome, universe: Universe, caller: Caller): { see: Id[]; hide: Id[] } {
  const mine = universe.owned[caller] ?? []
  const everyonesOwned = Object.values(universe.owned).flat()
  const others = everyonesOwned.filter((id) => !mine.includes(id))
  switch (outcome) {
    case 'all':
      return { see: [...universe.open, ...universe.hidden, ...everyonesOwned], hide: [] }
    case 'published':
      return { see: universe.open, hide: [...universe.hidden, ...everyonesOwned] }
    case 'pubOrOwn':
      return { see: [...universe.open, ...mine], hide: [...universe.hidden, ...others] }
    case 'own':
      return { see: mine, hide: [...universe.open, ...universe.hidden, ...others] }
    default:
      return { see: [], hide: [] }
  }
}

const same = (a: Id, b: Id) => String(a) === String(b)
const includesId = (ids: Id[], id: Id) => ids.some((x) => same(x, id))

async function checkRead(api: DataInterface, slug: string, op: CollectionOp, caller: Caller, outcome: ReadOutcome) {
  const who = credentials[caller]
  const label = `${api.name} ${slug} ${op} as ${caller}`
  const universe = universes.get(slug) ?? { open: [], hidden: [], owned: {} }
  if (keyedRest(slug, api)) return checkKeyedRest(api, slug, op, caller, outcome)
  if (outcome === 'none') {
    if (api.name === 'local') {
      // Project code asking for versions of an unversioned collection is a programming error: it must throw.
      let refused: boolean
      try {
        refused = !(await api.versions(slug, who)).ok
      } catch {
        refused = true
      }
      expect(refused, label).toBe(true)
      return
    }
    expectRefused(await api.versions(slug, who), label, ['absent', 'notFound'])
    return
  }
  if (op === 'versions') {
    const result = await api.versions(slug, who)
    if (outcome === 'deny') return expectRefused(result, label, ['forbidden'])
    expectOk(result, label)
    const { see, hide } = visibility(outcome === 'own' ? 'pubOrOwn' : outcome, universe, caller)
    // Versions belong to the caller's own documents only ('own'), or to everything ('all').
    const expectedParents = outcome === 'own' ? (universe.owned[caller] ?? []) : see
    for (const id of expectedParents)
      expect(includesId(result.ids, id), `${label}: versions of ${id} missing`).toBe(true)
    const forbiddenParents =
      outcome === 'own'
        ? [...hide, ...universe.open.filter((id) => !includesId(universe.owned[caller] ?? [], id))]
        : hide
    for (const id of forbiddenParents)
      expect(includesId(result.ids, id), `${label}: versions of ${id} leaked`).toBe(false)
    return
  }
  if (op === 'findByID') {
    const { see, hide } = visibility(outcome, universe, caller)
    if (outcome === 'deny') {
      const target = [...universe.open, ...universe.hidden][0] ?? 999_999
      return expectRefused(await api.findByID(slug, who, target, { draft: true }), label, ['forbidden'])
    }
    for (const id of see) {
      const result = await api.findByID(slug, who, id, { draft: isVersioned(slug) })
      expectOk(result, `${label} ${id}`)
      expect(same(result.ids[0], id)).toBe(true)
    }
    for (const id of hide)
      expectRefused(await api.findByID(slug, who, id, { draft: true }), `${label} ${id}`, ['forbidden', 'notFound'])
    return
  }
  const draft = op === 'drafts'
  const listed = await api.find(slug, who, { draft })
  if (outcome === 'deny') {
    expectRefused(listed, label, ['forbidden'])
    if (op === 'count') expectRefused(await api.count(slug, who), label, ['forbidden'])
    return
  }
  expectOk(listed, label)
  const { see, hide } = visibility(outcome, universe, caller)
  for (const id of see) expect(includesId(listed.ids, id), `${label}: ${id} missing`).toBe(true)
  for (const id of hide) expect(includesId(listed.ids, id), `${label}: ${id} leaked`).toBe(false)
  expect(listed.totalDocs, `${label}: totalDocs counts what is listed`).toBe(listed.ids.length)
  if (op === 'count') {
    const counted = await api.count(slug, who)
    expectOk(counted, label)
    expect(counted.totalDocs, `${label}: count agrees with the list`).toBe(listed.ids.length)
  }
}

/** Payload's preferences answer REST by key, for the signed-in caller only: /count and /versions are keys there. */
const keyedRest = (slug: string, api: DataInterface) => slug === 'payload-preferences' && api.name === 'rest'

async function checkKeyedRest(
  api: DataInterface,
  slug: string,
  op: CollectionOp,
  caller: Caller,
  outcome: ReadOutcome,
) {
  const who = credentials[caller]
  const label = `${api.name} ${slug} ${op} as ${caller}`
  const universe = universes.get(slug) ?? { open: [], hidden: [], owned: {} }
  if (op === 'count' || op === 'versions') {
    // A key nobody stored: nothing comes back, whoever asks.
    const result = op === 'count' ? await api.count(slug, who) : await api.versions(slug, who)
    if (result.ok) expect(result.ids, label).toEqual([])
    return
  }
  if (op === 'findByID') {
    const { see, hide } = visibility(outcome === 'deny' ? 'own' : outcome, universe, caller)
    for (const id of outcome === 'deny' ? [] : see) expectOk(await api.findByID(slug, who, id), `${label} ${id}`)
    for (const id of [...hide, ...(outcome === 'deny' ? universe.hidden : [])])
      expectRefused(await api.findByID(slug, who, id), `${label} ${id}`, ['forbidden', 'notFound'])
    return
  }
  const listed = await api.find(slug, who, { draft: op === 'drafts' })
  if (outcome === 'deny') return expectRefused(listed, label, ['forbidden'])
  expectOk(listed, label)
  const { see, hide } = visibility(outcome, universe, caller)
  for (const id of see) expect(includesId(listed.ids, id), `${label}: ${id} missing`).toBe(true)
  for (const id of hide) expect(includesId(listed.ids, id), `${label}: ${id} leaked`).toBe(false)
}

async function checkWrite(
  api: DataInterface,
  slug: string,
  op: 'create' | 'update' | 'delete',
  caller: Caller,
  outcome: WriteOutcome,
) {
  const who = credentials[caller]
  const label = `${api.name} ${slug} ${op} as ${caller}`
  const fixture = FIXTURES[slug]
  const versioned = isVersioned(slug)
  if (!fixture) {
    expect(outcome, `${label}: FIXTURES needs an entry for ${slug} to check '${outcome}'`).toBe('deny')
    const before = await countBypassing(slug)
    const result =
      op === 'create'
        ? await api.create(slug, who, {}, { draft: false })
        : op === 'update'
          ? await api.update(slug, who, 999_999, {}, { draft: false })
          : await api.delete(slug, who, 999_999)
    // GraphQL checks input types before access, so an empty input may be refused as invalid (or the
    // mutation not exist at all); either way nothing may be written.
    expectRefused(result, label, api.name === 'graphql' ? ['forbidden', 'invalid', 'absent'] : ['forbidden'])
    expect(await countBypassing(slug), `${label}: nothing written`).toBe(before)
    return
  }
  const unique = uniqueName()

  if (op === 'create') {
    const data = (status: 'draft' | 'published') => ({
      ...fixture.data({ unique: uniqueName(), ownerId: ownerOf(caller === 'anonymous' ? 'other' : caller), postId }),
      ...(versioned ? { _status: status } : {}),
    })
    const file = fixture.upload && api.name !== 'graphql' ? await tinyPng() : undefined
    const attempt = async (status: 'draft' | 'published') => {
      const before = await countBypassing(slug)
      const body = api.name === 'graphql' && fixture.graphql ? fixture.graphql(data(status)) : data(status)
      const result = await api.create(slug, who, body, { draft: status === 'draft', file })
      return { result, grew: (await countBypassing(slug)) - before }
    }
    if (outcome === 'deny') {
      const { result, grew } = await attempt('draft')
      expectRefused(result, label, ['forbidden'])
      expect(grew, `${label}: nothing written`).toBe(0)
      return
    }
    if (fixture.upload && api.name === 'graphql') {
      // GraphQL cannot carry a file: access must pass, then the missing file is what is refused.
      const { result, grew } = await attempt('published')
      expectRefused(result, label, ['invalid'])
      expect(grew).toBe(0)
      return
    }
    const draftAttempt = await attempt('draft')
    expectOk(draftAttempt.result, `${label} (draft)`)
    expect(draftAttempt.grew).toBe(1)
    if (versioned) {
      const published = await attempt('published')
      if (outcome === 'draftOnly') {
        expectRefused(published.result, `${label} (published)`, ['forbidden'])
        expect(published.grew).toBe(0)
      } else expectOk(published.result, `${label} (published)`)
    }
    return
  }

  const change = (id: Id) => ({ [fixture.update.field]: fixture.update.value(`${unique}-${id}`) })
  const changed = async (id: Id) =>
    JSON.stringify((await readBypassing(slug, id))?.[fixture.update.field]) ===
    JSON.stringify(fixture.update.value(`${unique}-${id}`))
  const universe = universes.get(slug) ?? { open: [], hidden: [], owned: {} }

  if (op === 'update') {
    const mine = universe.owned[caller] ?? []
    const all = [...universe.open, ...universe.hidden, ...Object.values(universe.owned).flat()]
    const allowedTargets = outcome === 'allow' ? all : outcome === 'own' || outcome === 'ownDraft' ? mine : []
    const refusedTargets = all.filter((id) => !includesId(allowedTargets, id))
    for (const id of allowedTargets) {
      const result = await api.update(slug, who, id, change(id), { draft: versioned })
      expectOk(result, `${label} ${id}`)
      expect(await changed(id), `${label} ${id}: value stored`).toBe(true)
    }
    for (const id of refusedTargets) {
      const result = await api.update(slug, who, id, change(id), { draft: versioned })
      // Preferences over REST are keyed per user: another user's key only ever touches the caller's own.
      if (!(slug === 'payload-preferences' && api.name === 'rest'))
        expectRefused(result, `${label} ${id}`, ['forbidden', 'notFound'])
      expect(await changed(id), `${label} ${id}: nothing written`).toBe(false)
    }
    if (outcome === 'ownDraft') {
      // Own drafts stay drafts: publishing them is refused.
      for (const id of mine) {
        const result = await api.update(slug, who, id, { _status: 'published' }, { draft: false })
        expectRefused(result, `${label} ${id} (publish)`, ['forbidden', 'notFound'])
        expect((await readBypassing(slug, id))?._status).toBe('draft')
      }
    }
    return
  }

  // delete: fresh documents, so allowed deletes do not eat the fixtures.
  const ownFresh = outcome === 'own' && caller !== 'anonymous' ? [await makeDoc(slug, caller)] : []
  const foreignFresh = slug === 'users' ? await makeDoc(slug, 'other') : await makeDoc(slug, 'other')
  for (const id of outcome === 'allow' ? [foreignFresh] : ownFresh) {
    const result = await api.delete(slug, who, id)
    expectOk(result, `${label} ${id}`)
    expect(await readBypassing(slug, id), `${label} ${id}: gone`).toBeNull()
  }
  if (outcome !== 'allow') {
    const result = await api.delete(slug, who, foreignFresh)
    if (!(slug === 'payload-preferences' && api.name === 'rest'))
      expectRefused(result, label, ['forbidden', 'notFound'])
    expect(await readBypassing(slug, foreignFresh), `${label}: still there`).not.toBeNull()
  }
}

/** Moving a fresh document to the trash: an update that sets `deletedAt` (what the admin's Delete does). */
async function checkTrash(api: DataInterface, slug: string, caller: Caller, outcome: WriteOutcome) {
  const label = `${api.name} ${slug} trash as ${caller}`
  const id = await makeDoc(slug, 'other')
  const result = await api.update(
    slug,
    credentials[caller],
    id,
    { deletedAt: new Date().toISOString() },
    { draft: false },
  )
  const stored = await readBypassing(slug, id)
  expect(stored, `${label}: trashing never deletes`).not.toBeNull()
  if (outcome === 'allow') {
    expectOk(result, label)
    expect(stored?.deletedAt, `${label}: in the trash`).toBeTruthy()
  } else {
    expectRefused(result, label, ['forbidden', 'notFound'])
    expect(stored?.deletedAt ?? null, `${label}: not trashed`).toBeNull()
  }
}

it('describes every collection and global in the config', () => {
  expect(
    collections.filter((c) => Boolean(c.trash) !== Boolean(COLLECTION_TABLE[c.slug]?.trash)).map((c) => c.slug),
    'a trash row exactly for the collections with a trash',
  ).toEqual([])
  expect(
    collections.map((c) => c.slug).filter((slug) => !COLLECTION_TABLE[slug]),
    'collections missing from accessTable.ts',
  ).toEqual([])
  expect(
    globals.map((g) => g.slug).filter((slug) => !GLOBAL_TABLE[slug]),
    'globals missing from accessTable.ts',
  ).toEqual([])
})

for (const { slug } of collections) {
  const rows = COLLECTION_TABLE[slug]
  if (!rows) continue
  describe(`collection ${slug}`, () => {
    for (const op of COLLECTION_OPS) {
      CALLERS.forEach((caller, column) => {
        const outcome = rows[op][column]
        it(`${op} as ${caller}: ${outcome}`, async () => {
          for (const api of interfaces) {
            cellsChecked++
            if (interfaceOff(slug, api.name)) {
              const probe = await api.find(slug, credentials[caller])
              expectRefused(
                probe,
                `${api.name} ${slug} is switched off`,
                api.name === 'rest' ? ['notFound'] : ['absent'],
              )
              continue
            }
            if (op === 'create' || op === 'update' || op === 'delete')
              await checkWrite(api, slug, op, caller, outcome as WriteOutcome)
            else await checkRead(api, slug, op, caller, outcome as ReadOutcome)
          }
        })
      })
    }
    const trashRow = rows.trash
    if (trashRow)
      CALLERS.forEach((caller, column) => {
        it(`trash as ${caller}: ${trashRow[column]}`, async () => {
          for (const api of interfaces) {
            cellsChecked++
            if (interfaceOff(slug, api.name)) continue
            await checkTrash(api, slug, caller, trashRow[column])
          }
        })
      })
  })
}

for (const { slug, versions } of globals) {
  const rows = GLOBAL_TABLE[slug]
  if (!rows) continue
  describe(`global ${slug}`, () => {
    for (const op of GLOBAL_OPS) {
      CALLERS.forEach((caller, column) => {
        const outcome = rows[op][column]
        it(`${op} as ${caller}: ${outcome}`, async () => {
          for (const api of interfaces) {
            cellsChecked++
            const who = credentials[caller]
            const label = `${api.name} global ${slug} ${op} as ${caller}`
            if (op === 'read') {
              const result = await api.readGlobal(slug, who)
              if (outcome === 'deny') expectRefused(result, label, ['forbidden'])
              else expectOk(result, label)
            } else if (op === 'versions') {
              // The Local API throws on versions of an unversioned global (a programming error): a refusal too.
              const result = await api
                .globalVersions(slug, who)
                .catch((error: Error): Result => ({ ok: false, kind: 'invalid', detail: error.message }))
              if (outcome === 'none') {
                expect(versions, `${label}: the table says unversioned`).toBeFalsy()
                if (api.name === 'local') expect(result.ok, label).toBe(false)
                else expectRefused(result, label, ['absent', 'notFound'])
              } else if (outcome === 'deny') expectRefused(result, label, ['forbidden'])
              else expectOk(result, label)
            } else {
              const update = GLOBAL_UPDATES[slug]
              expect(update, `${label}: GLOBAL_UPDATES needs an entry`).toBeDefined()
              const { field, data, value } = update(uniqueName())
              const before = JSON.stringify(
                (
                  (await local().findGlobal({ slug, overrideAccess: true, depth: 0 } as never)) as Record<
                    string,
                    unknown
                  >
                )[field],
              )
              const result = await api.updateGlobal(slug, who, data)
              const after = (
                (await local().findGlobal({ slug, overrideAccess: true, depth: 0 } as never)) as Record<string, unknown>
              )[field]
              if (outcome === 'deny') {
                expectRefused(result, label, ['forbidden'])
                expect(JSON.stringify(after), `${label}: nothing written`).toBe(before)
              } else {
                expectOk(result, label)
                if (value !== undefined) expect(after).toBe(value)
                else expect(JSON.stringify(after)).not.toBe(before)
              }
            }
          }
        })
      })
    }
  })
}
