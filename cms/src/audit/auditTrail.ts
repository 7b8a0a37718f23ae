/**
 * Adds the audit trail to every collection and global (config.ts wraps them all; the audit
 * collection itself is left out). Creates, updates, deletes, publishes (`_status` draft → published)
 * and unpublishes (published → draft) are recorded in the transaction of the change, with the
 * names of the fields that changed. Autosaves are left to the version history.
 */
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
  CollectionConfig,
  GlobalAfterChangeHook,
  GlobalBeforeOperationHook,
  GlobalConfig,
  PayloadRequest,
  RequestContext,
} from 'payload'

import type { AuditAction } from '../collections/AuditLogs'
import { recordAudit } from './auditLog'

/** Set in an operation's context to record a more specific action than "update" (e.g. API key rotation). */
export const AUDIT_ACTION_CONTEXT_KEY = 'auditAction'
const MODES_KEY = 'auditSaveModes'
const PASSWORD_KEY = 'auditPasswordSet'

interface SaveMode {
  draft: boolean
  autosave: boolean
}

type Doc = Record<string, unknown>

/** Keys that change on every save or are bookkeeping, not content. */
const IGNORED = new Set(['id', 'createdAt', 'updatedAt', 'sessions', 'globalType'])

/** A populated related document counts as its id, so depth does not look like a change. */
const normalise = (_key: string, value: unknown): unknown => {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'id' in value && 'updatedAt' in value)
    return (value as Doc).id
  return value
}
const fingerprint = (value: unknown) => JSON.stringify(value ?? null, normalise)

/** Top-level fields whose value differs, plus `password` when one was set. */
export function changedFieldNames(previous: Doc | undefined, next: Doc, data?: Doc, passwordSet = false): string[] {
  const names = new Set<string>()
  for (const key of Object.keys(next)) {
    if (IGNORED.has(key)) continue
    if (fingerprint(previous?.[key]) !== fingerprint(next[key])) names.add(key)
  }
  if (passwordSet || typeof data?.password === 'string') names.add('password')
  if (typeof data?.apiKey === 'string' || data?.apiKey === null) names.add('apiKey')
  return [...names].sort()
}

/** publish / unpublish when `_status` crosses over (and the save was not a draft), else the fallback. */
function statusAction(
  previous: Doc | undefined,
  next: Doc,
  mode: SaveMode | undefined,
  fallback: AuditAction,
): AuditAction {
  if (mode?.draft && next._status !== 'published') return fallback
  const before = previous?._status
  if (next._status === 'published' && before !== 'published') return 'publish'
  if (next._status === 'draft' && before === 'published') return 'unpublish'
  return fallback
}

function modes(req: PayloadRequest): Record<string, SaveMode> {
  const context = req.context as RequestContext & { [MODES_KEY]?: Record<string, SaveMode> }
  context[MODES_KEY] ??= {}
  return context[MODES_KEY]
}

/** Remembers whether the save being run is a draft or an autosave (hook args after it do not say). */
function rememberSaveMode(req: PayloadRequest, key: string, args: { draft?: boolean; autosave?: boolean }): void {
  modes(req)[key] = { draft: Boolean(args.draft), autosave: Boolean(args.autosave) }
}

const explicitAction = (context: RequestContext): AuditAction | undefined =>
  context[AUDIT_ACTION_CONTEXT_KEY] as AuditAction | undefined

/** Payload drops the new password from `data` before afterChange hooks: note here that one is being set. */
const notePasswordChange: CollectionBeforeChangeHook = ({ collection, data, originalDoc, operation, req }) => {
  if (
    operation === 'update' &&
    collection.auth &&
    typeof data?.password === 'string' &&
    originalDoc?.id !== undefined
  ) {
    const context = req.context as RequestContext & { [PASSWORD_KEY]?: string[] }
    context[PASSWORD_KEY] = [...(context[PASSWORD_KEY] ?? []), `${collection.slug}:${originalDoc.id}`]
  }
  return data
}

function takePasswordChange(req: PayloadRequest, key: string): boolean {
  const context = req.context as RequestContext & { [PASSWORD_KEY]?: string[] }
  const noted = context[PASSWORD_KEY] ?? []
  if (!noted.includes(key)) return false
  context[PASSWORD_KEY] = noted.filter((item) => item !== key)
  return true
}

const afterCollectionChange: CollectionAfterChangeHook = async ({
  collection,
  doc,
  previousDoc,
  operation,
  data,
  req,
  context,
}) => {
  const slug = collection.slug
  const mode = modes(req)[`collection:${slug}`]
  if (operation === 'update' && mode?.autosave) return doc
  const entry = { entityType: 'collection' as const, entity: slug, documentId: doc.id as number | string }
  if (operation === 'create') {
    await recordAudit(req, { ...entry, action: 'create' })
    if (collection.versions && doc._status === 'published') await recordAudit(req, { ...entry, action: 'publish' })
    return doc
  }
  const passwordSet = takePasswordChange(req, `${slug}:${doc.id}`)
  const changedFields = changedFieldNames(previousDoc as Doc, doc as Doc, data as Doc, passwordSet)
  let action: AuditAction = explicitAction(context) ?? 'update'
  if (action === 'update' && passwordSet) action = 'password-change'
  if (action === 'update' && collection.versions) action = statusAction(previousDoc as Doc, doc as Doc, mode, 'update')
  await recordAudit(req, { ...entry, action, changedFields })
  return doc
}

const afterCollectionDelete: CollectionAfterDeleteHook = async ({ collection, id, doc, req }) => {
  await recordAudit(req, { action: 'delete', entityType: 'collection', entity: collection.slug, documentId: id })
  return doc
}

const beforeCollectionOperation: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if (operation === 'update' || operation === 'updateByID') rememberSaveMode(req, `collection:${collection.slug}`, args)
  return args
}

const afterGlobalChange: GlobalAfterChangeHook = async ({ global, doc, previousDoc, req }) => {
  const mode = modes(req)[`global:${global.slug}`]
  if (mode?.autosave) return doc
  const changedFields = changedFieldNames(previousDoc as Doc, doc as Doc)
  const action = global.versions ? statusAction(previousDoc as Doc, doc as Doc, mode, 'update') : 'update'
  await recordAudit(req, { action, entityType: 'global', entity: global.slug, changedFields })
  return doc
}

const beforeGlobalOperation: GlobalBeforeOperationHook = ({ args, global, operation, req }) => {
  if (operation === 'update' && args)
    rememberSaveMode(req, `global:${global.slug}`, args as { draft?: boolean; autosave?: boolean })
  return args
}

/** Adds the audit hooks to a collection (after its own hooks). */
export function withCollectionAudit(collection: CollectionConfig): CollectionConfig {
  const hooks = collection.hooks ?? {}
  return {
    ...collection,
    hooks: {
      ...hooks,
      beforeOperation: [...(hooks.beforeOperation ?? []), beforeCollectionOperation],
      beforeChange: [...(hooks.beforeChange ?? []), notePasswordChange],
      afterChange: [...(hooks.afterChange ?? []), afterCollectionChange],
      afterDelete: [...(hooks.afterDelete ?? []), afterCollectionDelete],
    },
  }
}

export function withGlobalAudit(global: GlobalConfig): GlobalConfig {
  const hooks = global.hooks ?? {}
  return {
    ...global,
    hooks: {
      ...hooks,
      beforeOperation: [...(hooks.beforeOperation ?? []), beforeGlobalOperation],
      afterChange: [...(hooks.afterChange ?? []), afterGlobalChange],
    },
  }
}
