/**
 * An uploaded image, reduced to what an <img>/<picture> needs: the original's URL and size,
 * alt text, focal point for cropping, and the generated sizes (WebP and AVIF variants).
 */
import type { MediaSelect } from '@cms/types'
import { z } from 'zod'

import { idSchema, text } from './common.ts'

const dimension = z.number().nullish()

export const imageSizeSchema = z.object({
  url: text(),
  width: dimension,
  height: dimension,
  mimeType: text(),
})

export const mediaSchema = z.object({
  id: idSchema,
  alt: text(),
  url: text(),
  width: dimension,
  height: dimension,
  mimeType: text(),
  focalX: z.number().nullish(),
  focalY: z.number().nullish(),
  sizes: z
    .object({
      thumbnail: imageSizeSchema.nullish(),
      card: imageSizeSchema.nullish(),
      cardAvif: imageSizeSchema.nullish(),
      hero: imageSizeSchema.nullish(),
      heroAvif: imageSizeSchema.nullish(),
    })
    .nullish(),
})

export type ImageSize = z.output<typeof imageSizeSchema>
export type MediaItem = z.output<typeof mediaSchema>

/**
 * `populate[media]` for images shown as cards: the original plus the card sizes. Payload
 * computes `url` from `filename` (and each size's url from its filename), so both are selected.
 */
export const MEDIA_CARD = {
  alt: true,
  url: true,
  filename: true,
  width: true,
  height: true,
  mimeType: true,
  sizes: { card: true, cardAvif: true },
} satisfies MediaSelect<true>

/** Images shown large (heroes, covers, galleries): every size and the focal point. */
export const MEDIA_FULL = {
  ...MEDIA_CARD,
  focalX: true,
  focalY: true,
  sizes: { thumbnail: true, card: true, cardAvif: true, hero: true, heroAvif: true },
} satisfies MediaSelect<true>
