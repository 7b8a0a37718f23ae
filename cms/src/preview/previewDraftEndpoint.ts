/**
 * `GET /api/v1/preview` with `X-Preview-Token: <token>`: the one draft the token names, read with
 * the access of the editor who asked for the preview. This is how the site renders drafts while
 * holding no credential of its own: all it can ever get is the document an editor just opened,
 * for the next half hour. `depth` (≤ 3), `select` and `populate` work as on the REST API, so the
 * site asks for exactly what its page renders.
 *
 * Answers `{ doc }` with `Cache-Control: no-store, private`, or an error envelope: 401 for a
 * missing, malformed, tampered or expired token (codes `PREVIEW_TOKEN_*`), 403 when the editor
 * may not read that draft (any more), 404 when it is gone, 503 without PREVIEW_SECRET.
 */
import { ERRORS, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'
import { PREVIEW_TOKEN_HEADER, verifyPreviewToken, type PreviewTokenProblem } from '@mspn/contract/preview-token'
import {
  Forbidden,
  NotFound,
  sanitizePopulateParam,
  sanitizeSelectParam,
  type Endpoint,
  type PayloadRequest,
} from 'payload'

export const PREVIEW_MAX_DEPTH = 3

const PRIVATE = { 'Cache-Control': 'no-store, private', 'X-Robots-Tag': 'noindex' }

const PROBLEM_ERRORS: Record<PreviewTokenProblem, ErrorEntry<ErrorCode>> = {
  MISSING: ERRORS.PREVIEW_TOKEN_MISSING,
  MALFORMED: ERRORS.PREVIEW_TOKEN_MALFORMED,
  BAD_SIGNATURE: ERRORS.PREVIEW_TOKEN_BAD_SIGNATURE,
  EXPIRED: ERRORS.PREVIEW_TOKEN_EXPIRED,
}

function failure(entry: ErrorEntry<ErrorCode>, message: string = entry.message): Response {
  return Response.json({ errors: [{ message, code: entry.code }] }, { status: entry.status, headers: PRIVATE })
}

function depthOf(req: PayloadRequest): number {
  const raw = req.query?.depth
  const requested = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : 1
  return Math.min(requested, PREVIEW_MAX_DEPTH)
}

export function previewDraftEndpoint(secret: string | undefined): Endpoint {
  return {
    path: '/preview',
    method: 'get',
    handler: async (req) => {
      if (!secret) return failure(ERRORS.PREVIEW_DISABLED)
      const token = req.headers.get(PREVIEW_TOKEN_HEADER)
      if (!token) return failure(ERRORS.PREVIEW_TOKEN_MISSING)
      const check = verifyPreviewToken(secret, token)
      if (!check.ok) return failure(PROBLEM_ERRORS[check.problem])
      const { collection, id, userId } = check.scope

      const user = await req.payload.findByID({
        collection: 'users',
        id: userId,
        depth: 0,
        overrideAccess: true,
        disableErrors: true,
      })
      if (!user) return failure(ERRORS.PREVIEW_TOKEN_UNKNOWN_USER)

      try {
        const doc = await req.payload.findByID({
          collection,
          id,
          draft: true,
          depth: depthOf(req),
          select: sanitizeSelectParam(req.query?.select) as never,
          populate: sanitizePopulateParam(req.query?.populate),
          overrideAccess: false,
          user: { ...user, collection: 'users' },
        })
        return Response.json({ doc }, { headers: PRIVATE })
      } catch (error) {
        if (error instanceof NotFound) return failure(ERRORS.NOT_FOUND, 'That document no longer exists.')
        if (error instanceof Forbidden) return failure(ERRORS.FORBIDDEN, 'Your account may not read this draft.')
        throw error
      }
    },
  }
}
