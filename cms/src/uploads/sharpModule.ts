/**
 * sharp, loaded on the first image rather than at start. Loading it maps libvips and its codecs:
 * about 25 MB of resident memory in every process, which an API worker that never receives an
 * upload (and a process that never seeds) does not need. The first upload pays the load once (tens
 * of milliseconds); everything else that touches images goes through here.
 */
import { createRequire } from 'node:module'
import type Sharp from 'sharp'

const require = createRequire(import.meta.url)
let loaded: typeof Sharp | undefined

export function loadSharp(): typeof Sharp {
  loaded ??= require('sharp') as typeof Sharp
  return loaded
}
