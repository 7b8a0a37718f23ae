import type { CollectionConfig } from 'payload'
import { anyone } from '../../access/anyone'
import { isAuthorOrAbove } from '../../access/isAuthorOrAbove'
import { isEditorOrAbove } from '../../access/isEditorOrAbove'

/** Raster formats we accept; SVG waits for a sanitiser. */
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'image/gif']

const webp = { format: 'webp' as const, options: { quality: 78 } }
const avif = { format: 'avif' as const, options: { quality: 55, effort: 2 } }

export function mediaCollection(staticDir: string): CollectionConfig {
  return {
    slug: 'media',
    admin: { useAsTitle: 'alt', group: 'Content' },
    access: {
      read: anyone,
      create: isAuthorOrAbove,
      update: isAuthorOrAbove,
      delete: isEditorOrAbove,
    },
    upload: {
      staticDir,
      mimeTypes: ACCEPTED_IMAGE_TYPES,
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
        admin: { description: 'Describe the image for people who cannot see it.' },
      },
      { name: 'caption', type: 'text', maxLength: 250 },
    ],
  }
}
