import { describe, expect, it } from 'vitest'

import { mediaSchema, type MediaItem } from '../../src/cms/index.ts'
import { responsiveImage, shareImage } from '../../src/components/images.ts'
import { siteChromeFixture } from '../helpers/site.ts'

const media = (): MediaItem => siteChromeFixture().settings.defaultSeo!.image!

describe('responsiveImage', () => {
  it('offers the card sizes for cards, with the original as src and its intrinsic size', () => {
    const image = responsiveImage(media(), 'card')!
    expect(image.src).toMatch(/hero\.png$/)
    expect(image.alt).toBe('Abstract blue gradient with the MSPN DEV wordmark')
    expect(image).toMatchObject({ width: 1200, height: 675 })
    expect(image.srcset).toMatch(/^\S+hero-768x432\.webp 768w$/)
    expect(image.avifSrcset).toMatch(/^\S+hero-768x432\.avif 768w$/)
  })

  it('offers card and hero sizes for large images, never the 4:3 thumbnail crop', () => {
    const image = responsiveImage(media(), 'hero')!
    expect(image.srcset.split(', ').map((c) => c.split(' ')[1])).toEqual(['768w', '1200w'])
    expect(image.avifSrcset.split(', ')).toHaveLength(2)
    expect(image.srcset).not.toContain('400x300')
  })

  it('skips sizes with another aspect ratio, unsafe URLs or no width', () => {
    const base = media()
    const image = responsiveImage(
      {
        ...base,
        sizes: {
          card: { url: 'https://cdn.test/square.webp', width: 500, height: 500, mimeType: 'image/webp' },
          hero: { url: 'javascript:alert(1)', width: 1200, height: 675, mimeType: 'image/webp' },
          cardAvif: { url: 'https://cdn.test/a.avif', width: null, height: null, mimeType: 'image/avif' },
          heroAvif: null,
        },
      },
      'hero',
    )!
    expect(image.srcset).toBe('')
    expect(image.avifSrcset).toBe('')
  })

  it('works without dimensions or sizes, and with empty alt text', () => {
    const image = responsiveImage(mediaSchema.parse({ id: 1, url: '/media/x.png', alt: null, sizes: null }))!
    expect(image).toEqual({ src: '/media/x.png', alt: '', srcset: '', avifSrcset: '' })
  })

  it('answers null for nothing, non-images and unsafe URLs', () => {
    expect(responsiveImage(null)).toBeNull()
    expect(responsiveImage(undefined)).toBeNull()
    expect(responsiveImage({ ...media(), mimeType: 'application/pdf' })).toBeNull()
    expect(responsiveImage({ ...media(), url: 'javascript:alert(1)' })).toBeNull()
  })
})

describe('shareImage', () => {
  it('prefers the 1200px WebP for link previews', () => {
    expect(shareImage(media())).toMatchObject({ width: 1200, height: 675 })
    expect(shareImage(media())!.url).toMatch(/hero-1200x675\.webp$/)
  })

  it('falls back to the original, and needs an absolute URL', () => {
    const noSizes = { ...media(), sizes: null }
    expect(shareImage(noSizes)!.url).toMatch(/hero\.png$/)
    expect(shareImage({ ...noSizes, url: '/relative.png' })).toBeNull()
    expect(shareImage({ ...noSizes, width: null })).not.toHaveProperty('width')
    expect(shareImage(null)).toBeNull()
  })
})
