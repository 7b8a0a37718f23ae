import type { CollectionConfig } from 'payload'
import { anyone } from '../../access/anyone'
import { isAuthorOrAbove } from '../../access/isAuthorOrAbove'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'
import { plainText } from '../../fields/plainText'
import { ACCEPTED_IMAGE_TYPES } from '../../uploads/sniffImageType'
import { checkUpload } from './hooks/checkUpload'
import { recordNewFiles } from './hooks/recordNewFiles'
import { removeOrphanFiles } from './hooks/removeOrphanFiles'
import { mediaResponseHeaders } from './responseHeaders'

export interface MediaOptions {
  staticDir: string
  /** Largest image in decoded pixels (all frames); larger ones get 413. */
  maxPixels: number
}

const webp = { format: 'webp' as const, options: { quality: 78 } }
const avif = { format: 'avif' as const, options: { quality: 55, effort: 2 } }

export function mediaCollection({ staticDir, maxPixels }: MediaOptions): CollectionConfig {
  return {
    slug: 'media',
    admin: {
      useAsTitle: 'alt',
      defaultColumns: ['filename', 'alt', 'mimeType', 'filesize', 'updatedAt'],
      listSearchableFields: ['alt', 'filename', 'caption'],
      group: 'Content',
    },
    access: {
      read: anyone,
      create: isAuthorOrAbove,
      update: isAuthorOrAbove,
      delete: isEditorOrAbove,
    },
    hooks: {
      beforeOperation: [checkUpload(maxPixels)],
      beforeChange: [recordNewFiles],
      afterError: [removeOrphanFiles],
    },
    upload: {
      staticDir,
      // Raster formats only, decided by content (uploads/sniffImageType). SVG is refused: it is a
      // document that can carry script, and the site renders raster sizes only.
      mimeTypes: ACCEPTED_IMAGE_TYPES,
      modifyResponseHeaders: mediaResponseHeaders,
      focalPoint: true,
      crop: true,
      adminThumbnail: 'thumbnail',
      imageSizes: [
        { name: 'thumbnail', width: 400, height: 300, position: 'centre', formatOptions: webp },
        { name: 'card', width: 768, formatOptions: webp, withoutEnlargement: true },
        { name: 'cardAvif', width: 768, formatOptions: avif, withoutEnlargement: true },
        { name: 'hero', width: 1600, formatOptions: webp, withoutEnlargement: true },
        { name: 'heroAvif', width: 1600, formatOptions: avif, withoutEnlargement: true },
      ],
    },
    fields: [
      {
        name: 'alt',
        type: 'text',
        required: true,
        maxLength: 250,
        validate: plainText,
        admin: { description: 'Describe the image for people who cannot see it.' },
      },
      { name: 'caption', type: 'text', maxLength: 250, validate: plainText },
    ],
  }
}
