/**
 * The access matrix, as data: what each caller may do with each collection and global.
 * accessMatrix.int.test.ts checks every cell over REST, GraphQL and the Local API, and fails when
 * the Payload config has a collection or global this table does not describe.
 *
 * Columns are callers: anonymous visitor, author, editor, admin, and an API key (held by an editor
 * account, so it must act exactly like that editor; it is not a role of its own).
 *
 * Read outcomes (find, findByID, count, drafts = find with draft=true, versions):
 *   all        every document, drafts and other people's documents included
 *   published  published documents only (drafts are invisible, whatever the query asks)
 *   pubOrOwn   published documents plus the caller's own drafts
 *   own        the caller's own documents only (their account, their preferences)
 *   deny       refused: 403 over REST, a "not allowed" error in GraphQL, Forbidden in the Local API
 *   none       the operation does not exist here (e.g. versions of an unversioned collection)
 * Write outcomes (create, update, delete, trash):
 *   allow      succeeds
 *   draftOnly  succeeds for drafts, refused when it would publish
 *   ownDraft   succeeds on the caller's own unpublished documents only (as a draft), refused elsewhere
 *   own        succeeds on the caller's own documents only
 *   deny       refused, and nothing is written
 *
 * Collections with a trash (`trash: true`) have a `trash` row: moving a document to the trash (an
 * update setting `deletedAt`); their `delete` row is then the permanent delete (emptying the trash).
 * Trashed documents never show in anyone's ordinary reads; draftsAndTrash.int.test.ts checks that
 * visitors cannot ask for them either.
 *
 * Interfaces a collection turns off in its config (`endpoints: false`, `graphQL: false`) are checked
 * to be really absent (REST 404, no GraphQL field); the cells then hold for the Local API.
 */
import { PUBLIC_COLLECTIONS } from '@mspn/contract'

export const CALLERS = ['anonymous', 'author', 'editor', 'admin', 'apiKey'] as const
export type Caller = (typeof CALLERS)[number]

export type ReadOutcome = 'all' | 'published' | 'pubOrOwn' | 'own' | 'deny' | 'none'
export type WriteOutcome = 'allow' | 'draftOnly' | 'ownDraft' | 'own' | 'deny'

export const COLLECTION_OPS = ['find', 'findByID', 'count', 'drafts', 'versions', 'create', 'update', 'delete'] as const
export type CollectionOp = (typeof COLLECTION_OPS)[number]
export const GLOBAL_OPS = ['read', 'update', 'versions'] as const
export type GlobalOp = (typeof GLOBAL_OPS)[number]

type Row<T> = readonly [anonymous: T, author: T, editor: T, admin: T, apiKey: T]

export interface CollectionRows {
  find: Row<ReadOutcome>
  findByID: Row<ReadOutcome>
  count: Row<ReadOutcome>
  drafts: Row<ReadOutcome>
  versions: Row<ReadOutcome>
  create: Row<WriteOutcome>
  update: Row<WriteOutcome>
  delete: Row<WriteOutcome>
  /** Present exactly for collections with a trash. */
  trash?: Row<WriteOutcome>
}

export interface GlobalRows {
  read: Row<ReadOutcome>
  update: Row<WriteOutcome>
  versions: Row<ReadOutcome>
}

/** Pages, services, projects and demos share one editorial rule set. */
const editorial: CollectionRows = {
  //           anonymous    author       editor   admin    apiKey
  find:     ['published', 'published', 'all',   'all',   'all'],
  findByID: ['published', 'published', 'all',   'all',   'all'],
  count:    ['published', 'published', 'all',   'all',   'all'],
  drafts:   ['published', 'published', 'all',   'all',   'all'],
  versions: ['deny',      'deny',      'all',   'all',   'all'],
  create:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  update:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  delete:   ['deny',      'deny',      'deny',  'allow', 'deny'],
  trash:    ['deny',      'deny',      'allow', 'allow', 'allow'],
}

/** Testimonials and categories: public, unversioned, edited by editors, deleted into the trash. */
const publicReference: CollectionRows = {
  //           anonymous    author       editor   admin    apiKey
  find:     ['all',       'all',       'all',   'all',   'all'],
  findByID: ['all',       'all',       'all',   'all',   'all'],
  count:    ['all',       'all',       'all',   'all',   'all'],
  drafts:   ['all',       'all',       'all',   'all',   'all'],
  versions: ['none',      'none',      'none',  'none',  'none'],
  create:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  update:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  delete:   ['deny',      'deny',      'deny',  'allow', 'deny'],
  trash:    ['deny',      'deny',      'allow', 'allow', 'allow'],
}

/** Redirects: public, unversioned, kept by editors, who also delete them (no trash). */
const redirectRows: CollectionRows = {
  //           anonymous    author       editor   admin    apiKey
  find:     ['all',       'all',       'all',   'all',   'all'],
  findByID: ['all',       'all',       'all',   'all',   'all'],
  count:    ['all',       'all',       'all',   'all',   'all'],
  drafts:   ['all',       'all',       'all',   'all',   'all'],
  versions: ['none',      'none',      'none',  'none',  'none'],
  create:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  update:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  delete:   ['deny',      'deny',      'allow', 'allow', 'allow'],
}

/** Collections nobody reaches through an API: Payload's internals and the audit trail's writes. */
const closed: CollectionRows = {
  //           anonymous    author       editor   admin    apiKey
  find:     ['deny',      'deny',      'deny',  'deny',  'deny'],
  findByID: ['deny',      'deny',      'deny',  'deny',  'deny'],
  count:    ['deny',      'deny',      'deny',  'deny',  'deny'],
  drafts:   ['deny',      'deny',      'deny',  'deny',  'deny'],
  versions: ['none',      'none',      'none',  'none',  'none'],
  create:   ['deny',      'deny',      'deny',  'deny',  'deny'],
  update:   ['deny',      'deny',      'deny',  'deny',  'deny'],
  delete:   ['deny',      'deny',      'deny',  'deny',  'deny'],
}

/** Edit locks: Payload's admin panel needs every signed-in account to see and take them. */
const staffBookkeeping: CollectionRows = {
  //           anonymous    author       editor   admin    apiKey
  find:     ['deny',      'all',       'all',   'all',   'all'],
  findByID: ['deny',      'all',       'all',   'all',   'all'],
  count:    ['deny',      'all',       'all',   'all',   'all'],
  drafts:   ['deny',      'all',       'all',   'all',   'all'],
  versions: ['none',      'none',      'none',  'none',  'none'],
  create:   ['deny',      'allow',     'allow', 'allow', 'allow'],
  update:   ['deny',      'allow',     'allow', 'allow', 'allow'],
  delete:   ['deny',      'allow',     'allow', 'allow', 'allow'],
}

/** Collections whose rules differ from the editorial ones. */
const OWN_ROWS: Record<string, CollectionRows> = {
  posts: {
    //           anonymous    author       editor   admin    apiKey
    find:     ['published', 'pubOrOwn',  'all',   'all',   'all'],
    findByID: ['published', 'pubOrOwn',  'all',   'all',   'all'],
    count:    ['published', 'pubOrOwn',  'all',   'all',   'all'],
    drafts:   ['published', 'pubOrOwn',  'all',   'all',   'all'],
    versions: ['deny',      'own',       'all',   'all',   'all'],
    create:   ['deny',      'draftOnly', 'allow', 'allow', 'allow'],
    update:   ['deny',      'ownDraft',  'allow', 'allow', 'allow'],
    delete:   ['deny',      'deny',      'deny',  'allow', 'deny'],
    trash:    ['deny',      'deny',      'allow', 'allow', 'allow'],
  },
  testimonials: publicReference,
  categories: publicReference,
  redirects: redirectRows,
  media: {
    //           anonymous    author       editor   admin    apiKey
    find:     ['all',       'all',       'all',   'all',   'all'],
    findByID: ['all',       'all',       'all',   'all',   'all'],
    count:    ['all',       'all',       'all',   'all',   'all'],
    drafts:   ['all',       'all',       'all',   'all',   'all'],
    versions: ['none',      'none',      'none',  'none',  'none'],
    create:   ['deny',      'allow',     'allow', 'allow', 'allow'],
    update:   ['deny',      'allow',     'allow', 'allow', 'allow'],
    delete:   ['deny',      'deny',      'allow', 'allow', 'allow'],
  },
  inquiries: {
    //           anonymous    author       editor   admin    apiKey
    find:     ['deny',      'deny',      'all',   'all',   'all'],
    findByID: ['deny',      'deny',      'all',   'all',   'all'],
    count:    ['deny',      'deny',      'all',   'all',   'all'],
    drafts:   ['deny',      'deny',      'all',   'all',   'all'],
    versions: ['none',      'none',      'none',  'none',  'none'],
    create:   ['allow',     'allow',     'allow', 'allow', 'allow'],
    update:   ['deny',      'deny',      'allow', 'allow', 'allow'],
    delete:   ['deny',      'deny',      'deny',  'allow', 'deny'],
  },
  users: {
    //           anonymous    author       editor   admin    apiKey
    find:     ['deny',      'own',       'all',   'all',   'all'],
    findByID: ['deny',      'own',       'all',   'all',   'all'],
    count:    ['deny',      'own',       'all',   'all',   'all'],
    drafts:   ['deny',      'own',       'all',   'all',   'all'],
    versions: ['none',      'none',      'none',  'none',  'none'],
    create:   ['deny',      'deny',      'deny',  'allow', 'deny'],
    update:   ['deny',      'own',       'own',   'allow', 'own'],
    delete:   ['deny',      'deny',      'deny',  'allow', 'deny'],
  },
  'audit-logs': {
    //           anonymous    author       editor   admin    apiKey
    find:     ['deny',      'deny',      'deny',  'all',   'deny'],
    findByID: ['deny',      'deny',      'deny',  'all',   'deny'],
    count:    ['deny',      'deny',      'deny',  'all',   'deny'],
    drafts:   ['deny',      'deny',      'deny',  'all',   'deny'],
    versions: ['none',      'none',      'none',  'none',  'none'],
    create:   ['deny',      'deny',      'deny',  'deny',  'deny'],
    update:   ['deny',      'deny',      'deny',  'deny',  'deny'],
    delete:   ['deny',      'deny',      'deny',  'deny',  'deny'],
  },
  'payload-preferences': {
    //           anonymous    author       editor   admin    apiKey
    find:     ['deny',      'own',       'own',   'own',   'own'],
    findByID: ['deny',      'own',       'own',   'own',   'own'],
    count:    ['deny',      'own',       'own',   'own',   'own'],
    drafts:   ['deny',      'own',       'own',   'own',   'own'],
    versions: ['none',      'none',      'none',  'none',  'none'],
    create:   ['deny',      'allow',     'allow', 'allow', 'allow'],
    update:   ['deny',      'own',       'own',   'own',   'own'],
    delete:   ['deny',      'own',       'own',   'own',   'own'],
  },
  'payload-locked-documents': staffBookkeeping,
  'payload-migrations': {
    // No REST or GraphQL at all (Payload turns them off); through the Local API admins may read.
    //           anonymous    author       editor   admin    apiKey
    find:     ['deny',      'deny',      'deny',  'all',   'deny'],
    findByID: ['deny',      'deny',      'deny',  'all',   'deny'],
    count:    ['deny',      'deny',      'deny',  'all',   'deny'],
    drafts:   ['deny',      'deny',      'deny',  'all',   'deny'],
    versions: ['none',      'none',      'none',  'none',  'none'],
    create:   ['deny',      'deny',      'deny',  'deny',  'deny'],
    update:   ['deny',      'deny',      'deny',  'deny',  'deny'],
    delete:   ['deny',      'deny',      'deny',  'deny',  'deny'],
  },
  'payload-jobs': closed,
  'payload-kv': closed,
}

/**
 * Every public collection of the registry without rows of its own is editorial (pages, services,
 * projects, demos, and what `npm run new:collection` adds): a new one is covered without an edit
 * here, and the matrix proves it really behaves so.
 */
export const COLLECTION_TABLE: Record<string, CollectionRows> = {
  ...Object.fromEntries(PUBLIC_COLLECTIONS.map((slug) => [slug, editorial])),
  ...OWN_ROWS,
}

/** The site's chrome: drafts and history; visitors and authors read the published version only. */
export const GLOBAL_TABLE: Record<string, GlobalRows> = {
  'site-settings': {
    //           anonymous    author       editor   admin    apiKey
    read:     ['published', 'published', 'all',   'all',   'all'],
    update:   ['deny',      'deny',      'deny',  'allow', 'deny'],
    versions: ['deny',      'deny',      'all',   'all',   'all'],
  },
  navigation: {
    read:     ['published', 'published', 'all',   'all',   'all'],
    update:   ['deny',      'deny',      'allow', 'allow', 'allow'],
    versions: ['deny',      'deny',      'all',   'all',   'all'],
  },
  footer: {
    read:     ['published', 'published', 'all',   'all',   'all'],
    update:   ['deny',      'deny',      'allow', 'allow', 'allow'],
    versions: ['deny',      'deny',      'all',   'all',   'all'],
  },
}
