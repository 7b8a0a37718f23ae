/**
 * The sharp Payload gets: every image it opens (upload, crop, focal point, each image size) is
 * refused above `maxPixels`, whatever options Payload passes, so no code path decodes a bomb.
 */
import type { SharpDependency } from 'payload'
import sharp from 'sharp'

export function limitedSharp(maxPixels: number): SharpDependency {
  return (input, options) => sharp(input, { ...options, limitInputPixels: maxPixels })
}
