/**
 * Refuses REST paths Payload 3.90 cannot answer without a 500:
 * - a segment named like an Object property (`/api/v1/__proto__`, `/constructor`): Payload looks the
 *   collection up in a plain object and crashes;
 * - a document id of the wrong shape for the database (`/posts/abc`, `/posts/99999999999` on SQL):
 *   the adapter fails on NaN or on overflow instead of answering "not found";
 * - version routes of unversioned collections and globals: the adapter finds no versions table;
 * - `/verify/:token` of an auth collection without email verification;
 * - a file of an upload collection that is not on disk (Payload answers 500 on purpose).
 * All of these are routes or documents that do not exist: 404.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RequestHandler } from 'express'
import type { SanitizedCollectionConfig, SanitizedConfig } from 'payload'

import { ERRORS } from '@mspn/contract/errors'

import { HttpError } from '../errors'
import type { IdSyntax } from './idSyntax'

const OBJECT_PROPERTIES = new Set(Object.getOwnPropertyNames(Object.prototype))

interface CollectionRoutes {
  customParam: boolean
  words: Set<string>
}

const notFound = (message: string) => new HttpError(ERRORS.NOT_FOUND, message)

export function pathGuard(config: SanitizedConfig, ids: IdSyntax): RequestHandler {
  const api = config.routes.api
  const collections = new Map<string, SanitizedCollectionConfig>(config.collections.map((c) => [c.slug, c]))
  // The collection's routes (Payload's and its own): their first words are not ids. Payload's
  // preferences answer `/:key`, so any text is fine there.
  const routes = new Map<string, CollectionRoutes>(
    config.collections.map((collection) => {
      const endpoints = Array.isArray(collection.endpoints) ? collection.endpoints : []
      const words = new Set(endpoints.map((e) => e.path.split('/')[1]).filter((word) => word && !word.startsWith(':')))
      return [collection.slug, { customParam: endpoints.some((e) => /^\/:(?!id\b)/.test(e.path)), words }]
    }),
  )
  const unversionedGlobals = new Set<string>(config.globals.filter((g) => !g.versions).map((g) => g.slug))
  return (req, _res, next) => {
    if (!req.path.startsWith(`${api}/`)) return next()
    let segments: string[]
    try {
      segments = req.path
        .slice(api.length + 1)
        .split('/')
        .map(decodeURIComponent)
    } catch {
      return next(notFound('No such route.'))
    }
    if (segments.some((segment) => OBJECT_PROPERTIES.has(segment))) return next(notFound('No such route.'))
    const [first, second, third] = segments
    if (first === 'globals') {
      if (second && third === 'versions' && unversionedGlobals.has(second))
        return next(notFound(`Global "${second}" has no versions.`))
      return next()
    }
    const collection = collections.get(first)
    if (!collection || second === undefined || second === '') return next()
    const { customParam, words } = routes.get(first) as CollectionRoutes
    if (second === 'versions') {
      if (!collection.versions)
        return next(customParam ? undefined : notFound(`Collection "${first}" has no versions.`))
      if (third !== undefined && !ids.test(third)) return next(notFound('No such version.'))
      return next()
    }
    if (second === 'verify' && collection.auth && !collection.auth.verify) return next(notFound('No such route.'))
    if (second === 'file' && collection.upload && third !== undefined) {
      const dir = path.resolve(collection.upload.staticDir || collection.slug)
      const file = path.resolve(dir, third)
      // A NUL byte is never in a file name (and fs.stat would throw on it).
      if (!file.startsWith(dir + path.sep) || file.includes('\0')) return next(notFound('No such file.'))
      // In a bucket (uploads/mediaStorage.ts) the adapter answers 404 for a missing object itself.
      if (collection.upload.disableLocalStorage) return next()
      // Asynchronously: a media request must not stall the event loop on the disk.
      fs.stat(file, (error, stats) => next(error || !stats.isFile() ? notFound('No such file.') : undefined))
      return
    }
    if (customParam) return next()
    if (second === 'access' && third !== undefined && third !== '' && !ids.test(third))
      return next(notFound('No such document.'))
    if (words.has(second)) return next()
    if (!ids.test(second)) return next(notFound(`No ${first} document with id "${second.slice(0, 40)}".`))
    next()
  }
}
