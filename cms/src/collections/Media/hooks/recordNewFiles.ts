/**
 * Notes, before Payload writes them, the files an operation is about to store (the upload and each
 * generated size), so removeOrphanFiles can delete them if the operation fails after writing.
 */
import type { CollectionBeforeChangeHook } from 'payload'

export const NEW_FILES_CONTEXT_KEY = 'mediaNewFiles'

/** Every filename a media document's data names: the original and its image sizes. */
export function filenamesOf(data: { filename?: unknown; sizes?: unknown }): string[] {
  const names = [data.filename]
  if (data.sizes && typeof data.sizes === 'object') {
    for (const size of Object.values(data.sizes as Record<string, { filename?: unknown } | null>))
      names.push(size?.filename)
  }
  return names.filter((name): name is string => typeof name === 'string' && name.length > 0)
}

export const recordNewFiles: CollectionBeforeChangeHook = ({ data, req }) => {
  // Files are written only when the request carries one (or reprocesses the stored one).
  if (req.file) req.context[NEW_FILES_CONTEXT_KEY] = filenamesOf(data)
  return data
}
