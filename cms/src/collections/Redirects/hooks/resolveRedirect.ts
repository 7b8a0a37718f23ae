/**
 * Checks a redirect before it is written and fixes what the site will use (`destination`):
 *
 * - `from` normalised (leading slash, no trailing slash, no host or query) and unique;
 * - 410 Gone has no target; 301/302 need exactly one, a routed document or a path/URL (other hosts
 *   only from REDIRECT_ALLOWED_HOSTS, never `javascript:` and the like);
 * - loops refused (a → a; a → b when b → a exists), 400 REDIRECT_LOOP naming the target field;
 * - chains collapsed: a → b when b → c exists is stored as a → c (resolution is always one hop).
 *   The other direction (b → c saved while a → b exists) is collapseChains' work, after the write.
 */
import {
  documentPath,
  internalPathOf,
  normalizeRedirectPath,
  parseRedirectTarget,
  type RedirectType,
} from '@mspn/contract'
import { ERRORS } from '@mspn/contract/errors'
import type { CollectionBeforeChangeHook, CollectionSlug, PayloadRequest, Where } from 'payload'

import { CodedError } from '../../../server/limits/actionLimits'

export interface DocumentRef {
  relationTo: string
  value: number | string | { id: number | string }
}

export interface RedirectData {
  id?: number | string
  from?: string | null
  type?: RedirectType | null
  document?: DocumentRef | null
  url?: string | null
  destination?: string | null
}

const idOf = (value: DocumentRef['value']): number | string => (typeof value === 'object' ? value.id : value)

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== ''

const invalid = (message: string, field: string) => new CodedError(ERRORS.VALIDATION_ERROR, message, field)

/** The current site path of a routed document (its published slug), or an error naming the field. */
export async function pathOfDocument(req: PayloadRequest, ref: DocumentRef): Promise<string> {
  let slug: unknown
  try {
    const doc = await req.payload.findByID({
      collection: ref.relationTo as CollectionSlug,
      id: idOf(ref.value),
      depth: 0,
      req,
      overrideAccess: true,
      disableErrors: true,
    })
    slug = (doc as { slug?: unknown } | null)?.slug
  } catch {
    slug = undefined
  }
  const path = typeof slug === 'string' ? documentPath(ref.relationTo, slug) : null
  if (path === null) throw invalid('The document does not exist or has no address on the site.', 'document')
  return path
}

/** The redirect stored for `from`, other than `exceptId`. */
export async function redirectFrom(
  req: PayloadRequest,
  from: string,
  exceptId?: number | string,
): Promise<RedirectData | undefined> {
  const where: Where = { from: { equals: from } }
  if (exceptId !== undefined) where.id = { not_equals: exceptId }
  const { docs } = await req.payload.find({
    collection: 'redirects',
    where,
    limit: 1,
    depth: 0,
    req,
    overrideAccess: true,
    pagination: false,
  })
  return docs[0] as RedirectData | undefined
}

export const resolveRedirect =
  (allowedHosts: readonly string[]): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const merged = { ...(originalDoc as RedirectData | undefined), ...(data as RedirectData) }
    const ownId = (originalDoc as RedirectData | undefined)?.id

    const from = normalizeRedirectPath(merged.from)
    if (!from.ok) throw invalid(from.message, 'from')
    if (await redirectFrom(req, from.value, ownId))
      throw invalid(`A redirect from ${from.value} already exists: edit that one instead.`, 'from')

    const type: RedirectType = merged.type ?? '301'
    const result: RedirectData = { ...data, from: from.value, type }
    if (type === '410') return { ...result, document: null, url: null, destination: null }

    const hasDocument = present(merged.document) && present((merged.document as DocumentRef).value)
    const hasUrl = present(merged.url)
    if (hasDocument && hasUrl) throw invalid('Give a document or a URL as the target, not both.', 'url')
    if (!hasDocument && !hasUrl) throw invalid(`A ${type} redirect needs a target: a document or a URL.`, 'url')

    let destination: string
    let field: 'document' | 'url'
    if (hasDocument) {
      field = 'document'
      destination = await pathOfDocument(req, merged.document as DocumentRef)
    } else {
      field = 'url'
      const target = parseRedirectTarget(merged.url, allowedHosts)
      if (!target.ok)
        throw new CodedError(
          target.hostRefused ? ERRORS.REDIRECT_HOST_NOT_ALLOWED : ERRORS.VALIDATION_ERROR,
          target.message,
          'url',
        )
      destination = target.value.value
      result.url = destination
    }

    const path = internalPathOf(destination)
    if (path !== null) {
      if (path === from.value)
        throw new CodedError(ERRORS.REDIRECT_LOOP, `${from.value} would redirect to itself.`, field)
      const next = await redirectFrom(req, path, ownId)
      if (next && next.type !== '410') {
        // b → c exists: a → b becomes a → c, unless c is a itself (a → b → a).
        if (internalPathOf(next.destination) === from.value)
          throw new CodedError(
            ERRORS.REDIRECT_LOOP,
            `${path} already redirects to ${from.value}: ${from.value} → ${path} → ${from.value} would loop.`,
            field,
          )
        return {
          ...result,
          document: next.document ?? null,
          url: next.document ? null : (next.url ?? null),
          destination: next.destination ?? null,
        }
      }
    }
    return {
      ...result,
      ...(field === 'document' ? { url: null } : { document: null }),
      destination,
    }
  }
