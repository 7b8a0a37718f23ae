/**
 * An uploaded image, reduced to what an <img>/<picture> needs: the original's URL and size,
 * alt text, focal point for cropping, and the generated sizes (WebP and AVIF variants).
 */
import { z } from 'zod';

import { idSchema, text } from './common.ts';

const dimension = z.number().nullish();

export const imageSizeSchema = z.object({
  url: text(),
  width: dimension,
  height: dimension,
  mimeType: text(),
});

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
});

export type ImageSize = z.output<typeof imageSizeSchema>;
export type MediaItem = z.output<typeof mediaSchema>;
