/** The `seo` group shared by routable documents; every part falls back to site defaults. */
import { z } from 'zod'

import { populated, text } from './common.ts'
import { mediaSchema } from './media.ts'

export const seoSchema = z
  .object({
    title: text(),
    description: text(),
    image: populated(mediaSchema),
    noIndex: z.boolean().nullish(),
  })
  .nullish()

export type Seo = z.output<typeof seoSchema>

/** The `seo` group as reads select it. */
export const SEO = { title: true, description: true, image: true, noIndex: true } as const
