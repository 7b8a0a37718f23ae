/**
 * Before Payload touches an uploaded file (detection, sharp, writing), decide from its bytes what it
 * is and refuse it unless it is an allowed raster image of a sane pixel count; then store it under a
 * safe name with the extension and MIME type of what it really is. A create must bring the file
 * itself: Payload's fetch-from-URL create (unbounded download) is refused; the admin panel's
 * "paste URL" fetches in the browser and uploads the file, so it still works.
 */
import fs from 'node:fs/promises'
import type { CollectionBeforeOperationHook } from 'payload'

import { ERRORS } from '@mspn/contract/errors'

import { imagePixels } from '../../../uploads/imagePixels'
import { safeFilename } from '../../../uploads/safeFilename'
import { sniffImageType } from '../../../uploads/sniffImageType'
import { uploadError } from '../../../uploads/uploadError'

function megapixels(pixels: number): string {
  return `${Math.round(pixels / 100_000) / 10} megapixels`
}

export function checkUpload(maxPixels: number): CollectionBeforeOperationHook {
  return async ({ args, operation, overrideAccess, req }) => {
    if (operation !== 'create' && operation !== 'update') return args
    // Nobody signed in may upload: leave the answer to access control (403), not to the file.
    if (!overrideAccess && !req.user) return args
    const file = req.file
    if (!file) {
      const duplicating = operation === 'create' && (args as { duplicateFromID?: unknown }).duplicateFromID != null
      if (operation === 'create' && !duplicating) {
        throw uploadError(ERRORS.VALIDATION_ERROR, 'Choose an image file to upload (PNG, JPEG, WebP, AVIF or GIF).')
      }
      return args
    }
    const bytes = file.data?.length
      ? file.data
      : file.tempFilePath
        ? await fs.readFile(file.tempFilePath)
        : Buffer.alloc(0)
    const type = await sniffImageType(bytes)
    if (!type) {
      throw uploadError(ERRORS.UNSUPPORTED_MEDIA_TYPE, 'The file is not a PNG, JPEG, WebP, AVIF or GIF image.')
    }
    const size = await imagePixels(bytes)
    if (!size) throw uploadError(ERRORS.UNSUPPORTED_MEDIA_TYPE, 'The image cannot be read.')
    if (size.pixels > maxPixels) {
      const frames = size.frames > 1 ? ` in ${size.frames} frames` : ''
      throw uploadError(
        ERRORS.IMAGE_TOO_LARGE,
        `The image is ${size.width} × ${size.height} pixels${frames} (${megapixels(size.pixels)}); the limit is ${megapixels(maxPixels)}.`,
      )
    }
    file.mimetype = type.mime
    file.name = safeFilename(file.name ?? '', type.ext)
    return args
  }
}
