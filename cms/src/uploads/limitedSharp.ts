/**
 * The sharp Payload gets: every image it opens (upload, crop, focal point, each image size) is
 * refused above `maxPixels`, whatever options Payload passes, so no code path decodes a bomb.
 */
import type { SharpDependency } from 'payload'
import { loadSharp } from './sharpModule'

export function limitedSharp(maxPixels: number): SharpDependency {
  return (input, options) => loadSharp()(input, { ...options, limitInputPixels: maxPixels })
}
