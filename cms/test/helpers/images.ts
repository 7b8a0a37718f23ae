/** Test images: real ones generated with sharp, and tiny hand-built files whose header lies. */
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'

/** A solid-colour image of the given size, ready for .png(), .jpeg() … */
export const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })

/** A small image of each accepted format. */
export const images = {
  png: () => solid(64, 48).png().toBuffer(),
  jpeg: () => solid(64, 48).jpeg().toBuffer(),
  webp: () => solid(64, 48).webp().toBuffer(),
  avif: () => solid(64, 48).avif({ effort: 0 }).toBuffer(),
  gif: () => solid(64, 48).gif().toBuffer(),
}

/** An animated GIF of `frames` distinct frames (identical frames would be merged by the encoder). */
export async function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const list = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width, height, channels: 3, background: { r: (i * 8) % 256, g: 100, b: 200 } } })
        .png()
        .toBuffer(),
    ),
  )
  return sharp(list, { join: { animated: true } })
    .gif()
    .toBuffer()
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A decompression bomb: a PNG of a few dozen bytes declaring width × height pixels (8-bit greyscale). */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(0))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A decompression bomb: a real 16 × 16 baseline JPEG whose frame header is rewritten to declare width × height. */
export async function jpegDeclaring(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await solid(16, 16).jpeg({ progressive: false }).toBuffer())
  for (let i = 2; i < jpeg.length - 9;) {
    if (jpeg[i] !== 0xff) throw new Error('unexpected JPEG layout')
    const marker = jpeg[i + 1]
    if (marker === 0xc0) {
      jpeg.writeUInt16BE(height, i + 5)
      jpeg.writeUInt16BE(width, i + 7)
      return jpeg
    }
    i += 2 + jpeg.readUInt16BE(i + 2)
  }
  throw new Error('no SOF0 marker')
}
