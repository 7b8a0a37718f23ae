/**
 * Turns a CMS media document into what <picture>/<img> need: the original as `src`, the WebP
 * sizes as `srcset`, the AVIF sizes as a <source>, and the intrinsic size so the browser
 * reserves space before the image loads. Only sizes with the original's aspect ratio are
 * offered (the 4:3 thumbnail is a crop, not a smaller copy of a 16:9 image).
 */
import type { ImageSize, MediaItem } from '../cms/index.ts'
import { safeUrl } from '../lib/richText.ts'

export type ImageVariant = 'card' | 'hero'

export interface ResponsiveImage {
  src: string
  alt: string
  width?: number
  height?: number
  /** WebP candidates (`url 768w, …`), empty when the CMS generated none. */
  srcset: string
  /** AVIF candidates for a <source type="image/avif">, empty when none. */
  avifSrcset: string
}

type SizeName = keyof NonNullable<MediaItem['sizes']>

const WEBP_SIZES: Readonly<Record<ImageVariant, readonly SizeName[]>> = {
  card: ['card'],
  hero: ['card', 'hero'],
}

const AVIF_SIZES: Readonly<Record<ImageVariant, readonly SizeName[]>> = {
  card: ['cardAvif'],
  hero: ['cardAvif', 'heroAvif'],
}

/** Relative difference in aspect ratio still treated as "the same image, scaled". */
const ASPECT_TOLERANCE = 0.02

export function responsiveImage(
  media: MediaItem | null | undefined,
  variant: ImageVariant = 'card',
): ResponsiveImage | null {
  if (!media) return null
  if (typeof media.mimeType === 'string' && !media.mimeType.toLowerCase().startsWith('image/')) return null
  const src = safeUrl(media.url)
  if (src === null) return null
  const width = positive(media.width)
  const height = positive(media.height)
  const ratio = width !== undefined && height !== undefined ? width / height : undefined
  const candidates = (names: readonly SizeName[]) =>
    names
      .map((name) => media.sizes?.[name])
      .filter((size): size is ImageSize => size != null)
      .flatMap((size) => {
        const url = safeUrl(size.url)
        const w = positive(size.width)
        const h = positive(size.height)
        if (url === null || w === undefined) return []
        if (ratio !== undefined && h !== undefined && Math.abs(w / h - ratio) / ratio > ASPECT_TOLERANCE) return []
        return [`${url} ${w}w`]
      })
      .join(', ')
  return {
    src,
    alt: media.alt ?? '',
    ...(width !== undefined && height !== undefined ? { width, height } : {}),
    srcset: candidates(WEBP_SIZES[variant]),
    avifSrcset: candidates(AVIF_SIZES[variant]),
  }
}

/** The best image for link previews (Open Graph): the 1200px WebP if there is one, else the original. */
export function shareImage(
  media: MediaItem | null | undefined,
): { url: string; width?: number; height?: number; alt: string } | null {
  if (!media) return null
  const hero = media.sizes?.hero
  const heroUrl = safeUrl(hero?.url)
  if (hero && heroUrl !== null && /^https?:/i.test(heroUrl)) {
    return { url: heroUrl, ...dimensions(hero.width, hero.height), alt: media.alt ?? '' }
  }
  const url = safeUrl(media.url)
  if (url === null || !/^https?:/i.test(url)) return null
  return { url, ...dimensions(media.width, media.height), alt: media.alt ?? '' }
}

function dimensions(
  width: number | null | undefined,
  height: number | null | undefined,
): { width?: number; height?: number } {
  const w = positive(width)
  const h = positive(height)
  return w !== undefined && h !== undefined ? { width: w, height: h } : {}
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : undefined
}
