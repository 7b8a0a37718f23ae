/**
 * Requests for upload files that do not exist answer 404 in the envelope. Payload's file
 * endpoint checks access, then reads the file and fails with a 500 when it is missing (a typo
 * in a URL, an image size that was never generated, a file removed from disk).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RequestHandler } from 'express'
import type { SanitizedConfig } from 'payload'

import { sendError } from '../errors'

export function missingUploadFiles(config: SanitizedConfig): RequestHandler {
  const dirs = new Map<string, string>()
  for (const collection of config.collections) {
    const staticDir = collection.upload && typeof collection.upload === 'object' ? collection.upload.staticDir : undefined
    if (staticDir) dirs.set(collection.slug, path.resolve(staticDir))
  }
  const prefix = `${config.routes.api}/`

  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith(prefix)) return next()
    const [slug, segment, name, ...rest] = req.path.slice(prefix.length).split('/')
    const dir = dirs.get(slug)
    if (!dir || segment !== 'file' || !name || rest.length > 0) return next()
    let filename: string
    try {
      filename = decodeURIComponent(name)
    } catch {
      return sendError(res, 400, [{ message: 'The file name is not valid URL encoding.', code: 'BAD_REQUEST' }])
    }
    const file = path.join(dir, path.basename(filename))
    fs.stat(file, (error, stats) => {
      if (!error && stats.isFile()) return next()
      sendError(res, 404, [{ message: `No file named ${JSON.stringify(path.basename(filename).slice(0, 200))}.`, code: 'NOT_FOUND' }])
    })
  }
}
