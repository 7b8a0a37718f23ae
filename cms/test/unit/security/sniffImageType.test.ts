/** The type of an upload comes from its bytes, and only the accepted raster formats pass. */
import { gzipSync } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { ACCEPTED_IMAGE_TYPES, sniffImageType } from '../../../src/uploads/sniffImageType'
import { images, solid } from '../../helpers/images'

describe('sniffImageType', () => {
  it.each([
    ['png', 'image/png', 'png'],
    ['jpeg', 'image/jpeg', 'jpg'],
    ['webp', 'image/webp', 'webp'],
    ['avif', 'image/avif', 'avif'],
    ['gif', 'image/gif', 'gif'],
  ] as const)('recognises a %s by its bytes', async (kind, mime, ext) => {
    expect(await sniffImageType(await images[kind]())).toEqual({ mime, ext })
  })

  it('stores an animated PNG as a PNG', async () => {
    const frames = await Promise.all(
      [0, 1].map((i) =>
        solid(8, 8)
          .tint({ r: i * 200, g: 0, b: 0 })
          .png()
          .toBuffer(),
      ),
    )
    const apng = await sharp(frames, { join: { animated: true } })
      .png()
      .toBuffer()
    expect(await sniffImageType(apng)).toEqual({ mime: 'image/png', ext: 'png' })
  })

  const refused: Record<string, () => Buffer | Promise<Buffer>> = {
    'an SVG': () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    'an SVG with an XML declaration and BOM': () =>
      Buffer.from('\ufeff<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    'a gzipped SVG': () => gzipSync('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    HTML: () => Buffer.from('<!doctype html><script>alert(1)</script>'),
    'a PDF': () => Buffer.from('%PDF-1.7\n%%EOF'),
    'a TIFF': () => solid(4, 4).tiff().toBuffer(),
    'an empty buffer': () => Buffer.alloc(0),
    'random bytes': () => Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)),
    'a GIF signature inside text': () => Buffer.from('hello GIF89a world'),
  }

  it.each(Object.entries(refused))('refuses %s', async (_label, make) => {
    expect(await sniffImageType(await make())).toBeNull()
  })

  it('lists each stored MIME type once', () => {
    expect(ACCEPTED_IMAGE_TYPES.sort()).toEqual(['image/avif', 'image/gif', 'image/jpeg', 'image/png', 'image/webp'])
  })
})
