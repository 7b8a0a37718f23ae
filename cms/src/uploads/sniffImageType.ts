/**
 * Decides what an uploaded file is from its bytes (magic numbers, via file-type), never from its
 * name or declared Content-Type, and admits only the raster formats the site can show.
 */
import { fileTypeFromBuffer } from 'file-type'

export interface ImageType {
  mime: string
  /** Extension stored files get for this type. */
  ext: string
}

/** Detected type → what we store. APNG is a PNG (its first frame is what every decoder shows). */
const ALLOWED: Record<string, ImageType> = {
  'image/png': { mime: 'image/png', ext: 'png' },
  'image/apng': { mime: 'image/png', ext: 'png' },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg' },
  'image/webp': { mime: 'image/webp', ext: 'webp' },
  'image/avif': { mime: 'image/avif', ext: 'avif' },
  'image/gif': { mime: 'image/gif', ext: 'gif' },
}

/** Every MIME type an upload may be stored as. */
export const ACCEPTED_IMAGE_TYPES = [...new Set(Object.values(ALLOWED).map((type) => type.mime))]

/** The allowed image type these bytes are, or null for anything else (SVG, HTML, PDF, unknown). */
export async function sniffImageType(bytes: Uint8Array): Promise<ImageType | null> {
  const detected = await fileTypeFromBuffer(bytes)
  return (detected && ALLOWED[detected.mime]) ?? null
}
