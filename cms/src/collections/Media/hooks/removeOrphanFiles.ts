/**
 * When a media create or update fails after Payload has written its files (the database write or
 * a later hook failed, and the transaction was rolled back), deletes those files again, so a failed
 * upload leaves neither a record nor a file. A file is only deleted if no stored document names it:
 * a reprocessed upload overwrites its document's own files, which must stay.
 *
 * Payload calls afterError for REST requests; Local API callers get the error and own the cleanup.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { CollectionAfterErrorHook, Payload, SanitizedCollectionConfig, Where } from 'payload'

import { filenamesOf, NEW_FILES_CONTEXT_KEY } from './recordNewFiles'

/** Deletes those of `names` in the collection's upload directory that no stored document references. */
export async function removeUnreferencedFiles(
  payload: Payload,
  collection: SanitizedCollectionConfig,
  names: string[],
): Promise<string[]> {
  const staticDir = collection.upload?.staticDir
  if (!staticDir || names.length === 0) return []
  const fields = ['filename', ...(collection.upload.imageSizes ?? []).map((size) => `sizes.${size.name}.filename`)]
  const where: Where = { or: fields.map((field) => ({ [field]: { in: names } })) }
  // Deliberately outside the failed request's (rolled-back) transaction: only committed documents count.
  const { docs } = await payload.find({
    collection: collection.slug,
    where,
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const referenced = new Set(docs.flatMap((doc) => filenamesOf(doc as { filename?: unknown; sizes?: unknown })))
  const root = path.resolve(staticDir)
  const removed: string[] = []
  for (const name of new Set(names)) {
    const file = path.resolve(root, name)
    if (referenced.has(name) || path.dirname(file) !== root) continue
    try {
      await fs.unlink(file)
      removed.push(name)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  return removed
}

export const removeOrphanFiles: CollectionAfterErrorHook = async ({ collection, context, req }) => {
  const names = context[NEW_FILES_CONTEXT_KEY]
  if (!Array.isArray(names) || names.length === 0) return
  delete context[NEW_FILES_CONTEXT_KEY]
  try {
    const removed = await removeUnreferencedFiles(req.payload, collection, names as string[])
    if (removed.length > 0) req.payload.logger.warn({ files: removed }, 'removed files of a failed media upload')
  } catch (error) {
    req.payload.logger.error({ err: error, files: names }, 'could not remove files of a failed media upload')
  }
}
