/**
 * The name an uploaded file is stored under: a lower-case ASCII slug of the name the client sent
 * (directories, control characters, NUL, bidi overrides, dots and symbols dropped) plus the
 * extension of the type its content was detected as. It can never leave the media directory,
 * hide its real extension, or be a name Windows reserves.
 */
import { slugify } from '../fields/slugify'

/** Longest stored base name (Payload appends `-1`, `-2` … and `-400x300` for image sizes). */
export const MAX_FILENAME_BASE = 80

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/

export function safeFilename(clientName: string, ext: string, fallback = 'image'): string {
  // Only the last path segment counts, whichever separator the client used.
  const lastSegment = clientName.split(/[/\\]/).pop() ?? ''
  const dot = lastSegment.lastIndexOf('.')
  const stem = dot > 0 ? lastSegment.slice(0, dot) : lastSegment
  let base = slugify(stem).slice(0, MAX_FILENAME_BASE).replace(/-+$/, '')
  if (!base) base = fallback
  if (WINDOWS_RESERVED.test(base)) base = `${base}-${fallback}`
  return `${base}.${ext}`
}
