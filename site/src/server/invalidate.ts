/**
 * `POST /_cache/invalidate`: the CMS says what changed, the site purges the routes that show
 * it. The body is verified against `X-MSPN-Signature` as raw text, before it is parsed (see
 * @mspn/contract/signature for the protocol), then read as
 * `{ changes: [{ kind: 'collection' | 'global', slug, id?, operation }] }`.
 *
 * Answers: 200 `{ purged: n }`; 401 unsigned, forged or replayed; 400 wrong shape; 413 too
 * large; 503 when REVALIDATE_SECRET is not configured (the CMS then logs and moves on, and
 * cached routes expire on their own).
 */
import { z } from 'zod'

import { ERRORS, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'
import { SIGNATURE_HEADER, verifySignature, type VerifyResult } from '@mspn/contract/signature'
import { tagsForChanges } from './cacheTags.ts'
import { errorItem, errorResponse, jsonResponse, readBodyText, refusal, requestIdOf } from './responses.ts'
import type { RedirectTable } from './redirects.ts'
import type { RouteCache } from './routeCache.ts'

/** A few thousand changes in one batch is already a bulk import; beyond that, refuse. */
export const MAX_BODY_BYTES = 256 * 1024

/** Payload slugs: letters, digits, dashes, underscores. */
const slugSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be a collection or global slug')

export const changeSchema = z.object({
  kind: z.enum(['collection', 'global']),
  slug: slugSchema,
  id: z.union([z.string().min(1).max(100), z.number().int()]).optional(),
  operation: z.enum(['create', 'update', 'delete']),
})

export const invalidationSchema = z.object({ changes: z.array(changeSchema).max(5000) })

export type Invalidation = z.output<typeof invalidationSchema>

/** The part of Astro's `context.cache` this endpoint uses (present when a provider is configured). */
export interface AstroRouteCache {
  readonly enabled: boolean
  invalidate(options: { tags: string[] }): Promise<void>
}

export interface InvalidateDeps {
  /** REVALIDATE_SECRET; undefined means not configured. */
  secret: string | undefined
  cache: Pick<RouteCache, 'purgeTags'>
  /** The redirect table, reloaded when a change names the `redirects` collection. */
  redirects?: Pick<RedirectTable, 'invalidate'>
  /** Astro's built-in route cache, purged with the same tags when it is enabled. */
  astroCache?: AstroRouteCache | undefined
  /** Receiver clock in unix seconds (tests). */
  now?: number
  toleranceSeconds?: number
  logWarn?: (fields: Record<string, unknown>, message: string) => void
}

/** Each refused signature's entry; the message names the header where it is about the header. */
const SIGNATURE_ERRORS: Record<
  Exclude<VerifyResult, { ok: true }>['reason'],
  { entry: ErrorEntry<ErrorCode>; message?: string }
> = {
  missing: { entry: ERRORS.SIGNATURE_MISSING, message: `The ${SIGNATURE_HEADER} header is missing.` },
  malformed: { entry: ERRORS.SIGNATURE_MALFORMED, message: `The ${SIGNATURE_HEADER} header is malformed.` },
  mismatch: { entry: ERRORS.SIGNATURE_MISMATCH },
  stale: { entry: ERRORS.SIGNATURE_STALE },
  future: { entry: ERRORS.SIGNATURE_FUTURE },
}

export async function handleInvalidate(request: Request, deps: InvalidateDeps): Promise<Response> {
  const requestId = requestIdOf(request)
  const warn = deps.logWarn ?? logToStderr
  if (deps.secret === undefined) {
    warn({ requestId }, 'cache invalidation refused: REVALIDATE_SECRET is not set')
    return refusal(ERRORS.NOT_CONFIGURED, requestId)
  }

  const body = await readBodyText(request, MAX_BODY_BYTES)
  if (body === null) return refusal(ERRORS.PAYLOAD_TOO_LARGE, requestId, 'The change list is too large.')

  const verified = verifySignature(deps.secret, request.headers.get(SIGNATURE_HEADER), body, {
    ...(deps.now !== undefined ? { now: deps.now } : {}),
    ...(deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {}),
  })
  if (!verified.ok) {
    warn({ requestId, reason: verified.reason }, 'cache invalidation refused: bad signature')
    const { entry, message } = SIGNATURE_ERRORS[verified.reason]
    return refusal(entry, requestId, message)
  }

  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return refusal(ERRORS.INVALID_JSON, requestId, 'The body is not valid JSON.')
  }
  const parsed = invalidationSchema.safeParse(json)
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, 10).map((issue) => {
      const field = issue.path.map(String).join('.')
      return errorItem(ERRORS.VALIDATION_ERROR, issue.message, field)
    })
    return errorResponse(ERRORS.VALIDATION_ERROR.status, errors, requestId)
  }

  if (parsed.data.changes.some((change) => change.kind === 'collection' && change.slug === 'redirects'))
    deps.redirects?.invalidate()
  const tags = tagsForChanges(parsed.data.changes)
  const purged = deps.cache.purgeTags(tags)
  if (deps.astroCache?.enabled && tags.length > 0) {
    try {
      await deps.astroCache.invalidate({ tags })
    } catch (error) {
      warn(
        { requestId, error: error instanceof Error ? error.message : String(error) },
        "Astro's route cache could not be purged",
      )
    }
  }
  return jsonResponse(200, { purged }, { 'x-request-id': requestId })
}

function logToStderr(fields: Record<string, unknown>, message: string): void {
  console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message, ...fields }))
}
