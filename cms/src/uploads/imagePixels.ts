/**
 * How many pixels an image decodes to, read from its header only (no pixel data is decoded), so a
 * decompression bomb (a tiny file declaring 50,000 × 50,000 pixels) is measured without harm.
 */
import { loadSharp } from './sharpModule'

export interface ImageSize {
  width: number
  /** Height of one frame. */
  height: number
  frames: number
  /** width × height × frames */
  pixels: number
}

/** The image's size, or null when its header cannot be read. */
export async function imagePixels(bytes: Uint8Array): Promise<ImageSize | null> {
  try {
    // The limit is checked by the caller against these figures; reading the header is safe.
    const meta = await loadSharp()(bytes, { limitInputPixels: false, animated: true }).metadata()
    const width = meta.width ?? 0
    const frames = Math.max(1, meta.pages ?? 1)
    const height = meta.pageHeight ?? (meta.height ?? 0) / frames
    if (!width || !height) return null
    return { width, height, frames, pixels: width * height * frames }
  } catch {
    return null
  }
}
