/**
 * Headers on every media file Payload serves (`/api/v1/media/file/:name`): the browser must take the
 * declared type (no sniffing an image into HTML), and even if a file were active content it could
 * run nothing (CSP sandbox, no scripts, no subresources). Files are shown inline only when they are
 * one of the accepted image types; anything else downloads.
 */
import { ACCEPTED_IMAGE_TYPES } from '../../uploads/sniffImageType'

export const MEDIA_FILE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"

export function mediaResponseHeaders({ headers }: { headers: Headers }): Headers {
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('Content-Security-Policy', MEDIA_FILE_CSP)
  const type = (headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
  if (!ACCEPTED_IMAGE_TYPES.includes(type)) headers.set('Content-Disposition', 'attachment')
  return headers
}
