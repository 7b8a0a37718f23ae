/** Pixel counts read from headers, and the sharp Payload is given, which refuses images above the limit. */
import { describe, expect, it } from 'vitest'

import { imagePixels } from '../../../src/uploads/imagePixels'
import { limitedSharp } from '../../../src/uploads/limitedSharp'
import { animatedGif, images, jpegDeclaring, pngDeclaring, solid } from '../../helpers/images'

describe('imagePixels', () => {
  it('measures an ordinary image', async () => {
    expect(await imagePixels(await solid(120, 80).png().toBuffer())).toEqual({
      width: 120,
      height: 80,
      frames: 1,
      pixels: 9600,
    })
  })

  it('measures a bomb from its header without decoding it', async () => {
    const bomb = pngDeclaring(50_000, 50_000)
    expect(bomb.length).toBeLessThan(100)
    expect(await imagePixels(bomb)).toMatchObject({ width: 50_000, height: 50_000, pixels: 2_500_000_000 })
    expect(await imagePixels(await jpegDeclaring(60_000, 60_000))).toMatchObject({
      width: 60_000,
      height: 60_000,
      pixels: 3_600_000_000,
    })
  })

  it('counts every frame of an animation', async () => {
    expect(await imagePixels(await animatedGif(50, 40, 6))).toEqual({
      width: 50,
      height: 40,
      frames: 6,
      pixels: 12_000,
    })
  })

  it('answers null for bytes it cannot read', async () => {
    expect(await imagePixels(Buffer.from('not an image'))).toBeNull()
    expect(await imagePixels(Buffer.alloc(0))).toBeNull()
  })
})

describe('limitedSharp', () => {
  const sharp = limitedSharp(1_000_000)

  it('refuses to open an image above the limit, for metadata and for processing', async () => {
    await expect(sharp(pngDeclaring(50_000, 50_000)).metadata()).rejects.toThrow(/pixel limit/)
    await expect(
      sharp(await solid(1001, 1000).png().toBuffer())
        .resize(10)
        .toBuffer(),
    ).rejects.toThrow(/pixel limit/)
  })

  it('cannot be lifted by the options Payload passes', async () => {
    await expect(sharp(pngDeclaring(50_000, 50_000), { limitInputPixels: false }).metadata()).rejects.toThrow(
      /pixel limit/,
    )
    await expect(sharp(await animatedGif(300, 300, 12), { animated: true }).toBuffer()).rejects.toThrow(/pixel limit/)
  })

  it('processes images within the limit', async () => {
    const resized = await sharp(await images.png())
      .resize(16)
      .webp()
      .toBuffer({ resolveWithObject: true })
    expect(resized.info).toMatchObject({ width: 16, format: 'webp' })
  })
})
