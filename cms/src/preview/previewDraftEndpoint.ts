/**
 * `GET /api/v1/preview` with `X-Preview-Token: <token>`: the one draft the token names (a
 * document, or a global for a `globals` token), read with the access of the editor who asked for
 * the preview. `GET /api/v1/preview/globals/<slug>` with any valid token: that editor's draft of a
 * public global, so a preview shows the draft navigation, footer and settings too. This is how the site renders drafts while
 * holding no credential of its own: all it can ever get is the document an editor just opened,
 * for the next half hour. `depth` (≤ 3), `select` and `populate` work as on the REST API, so the
 * site asks for exactly what its page renders.
 *
 * Answers `{ doc }` with `Cache-Control: no-store, private`, or an error envelope: 401 for a
 * missing, malformed, tampered or expired token (codes `PREVIEW_TOKEN_*`), 403 when the editor
 * may not read that draft (any more), 404 when it is gone, 503 without PREVIEW_SECRET.
 */
import { isPublicGlobal, type PublicGlobal } from '@mspn/contract'
import { ERRORS, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'
import {
  PREVIEW_GLOBALS_TARGET,
  PREVIEW_TOKEN_HEADER,
  verifyPreviewToken,
  type PreviewScope,
  type PreviewTokenProblem,
} from '@mspn/contract/preview-token'
import {
  Forbidden,
  NotFound,
  sanitizePopulateParam,
  sanitizeSelectParam,
  type Endpoint,
  type PayloadRequest,
  type TypedUser,
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

type Checked = { scope: PreviewScope; user: TypedUser } | { refusal: Response }

/** The token's scope and the editor it names, or the refusal to answer. */
async function checkToken(req: PayloadRequest, secret: string | undefined): Promise<Checked> {
  if (!secret) return { refusal: failure(ERRORS.PREVIEW_DISABLED) }
  const token = req.headers.get(PREVIEW_TOKEN_HEADER)
  if (!token) return { refusal: failure(ERRORS.PREVIEW_TOKEN_MISSING) }
  const check = verifyPreviewToken(secret, token)
  if (!check.ok) return { refusal: failure(PROBLEM_ERRORS[check.problem]) }
  const user = await req.payload.findByID({
    collection: 'users',
    id: check.scope.userId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
  })
  if (!user) return { refusal: failure(ERRORS.PREVIEW_TOKEN_UNKNOWN_USER) }
  return { scope: check.scope, user: { ...user, collection: 'users' } as TypedUser }
}

/** Reads with the editor's access; a gone or forbidden document becomes its envelope. */
async function answer(read: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json({ doc: await read() }, { headers: PRIVATE })
  } catch (error) {
    if (error instanceof NotFound) return failure(ERRORS.NOT_FOUND, 'That document no longer exists.')
    if (error instanceof Forbidden) return failure(ERRORS.FORBIDDEN, 'Your account may not read this draft.')
    throw error
  }
}

/** The latest draft of a global as the editor may read it (a 403 when they may not). */
async function readGlobalDraft(req: PayloadRequest, slug: PublicGlobal, user: TypedUser): Promise<unknown> {
  const doc = await req.payload.findGlobal({
    slug,
    draft: true,
    depth: depthOf(req),
    select: sanitizeSelectParam(req.query?.select) as never,
    populate: sanitizePopulateParam(req.query?.populate),
    overrideAccess: false,
    user,
    disableErrors: true,
  })
  if (doc === null) throw new Forbidden(req.t)
  return doc
}

export function previewDraftEndpoint(secret: string | undefined): Endpoint {
  return {
    path: '/preview',
    method: 'get',
    handler: async (req) => {
      const checked = await checkToken(req, secret)
      if ('refusal' in checked) return checked.refusal
      const { scope, user } = checked
      if (scope.collection === PREVIEW_GLOBALS_TARGET)
        return answer(() => readGlobalDraft(req, scope.id as PublicGlobal, user))
      const collection = scope.collection
      return answer(() =>
        req.payload.findByID({
          collection,
          id: scope.id,
          draft: true,
          depth: depthOf(req),
          select: sanitizeSelectParam(req.query?.select) as never,
          populate: sanitizePopulateParam(req.query?.populate),
          overrideAccess: false,
          user,
        }),
      )
    },
  }
}

/** `GET /preview/globals/:slug`: the draft of a public global, for any valid preview token. */
export function previewGlobalEndpoint(secret: string | undefined): Endpoint {
  return {
    path: '/preview/globals/:slug',
    method: 'get',
    handler: async (req) => {
      const checked = await checkToken(req, secret)
      if ('refusal' in checked) return checked.refusal
      const slug = req.routeParams?.slug
      if (!isPublicGlobal(slug)) return failure(ERRORS.NOT_FOUND, 'There is no such global.')
      return answer(() => readGlobalDraft(req, slug, checked.user))
    },
  }
}
