/**
 * How draft previews answer: never stored anywhere (not by the route cache, a CDN or the
 * browser's back/forward cache), never indexed, and no Referer carrying the token to whatever
 * the draft links to. Which origins may frame a preview is set in server/securityHeaders.ts.
 */
import { ERRORS, type ErrorCode, type ErrorEntry } from '@mspn/contract/errors'

export const PREVIEW_PATH = '/preview'

export const PREVIEW_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store, private',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
})

export function isPreviewPath(pathname: string): boolean {
  return pathname === PREVIEW_PATH || pathname === `${PREVIEW_PATH}/`
}

type RefusalReason = 'MISSING' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'FORBIDDEN' | 'NOT_FOUND' | 'DISABLED'

/** The catalogue entry behind each reason: its status is the page's. */
const REFUSAL_ERRORS = {
  MISSING: ERRORS.PREVIEW_TOKEN_MISSING,
  MALFORMED: ERRORS.PREVIEW_TOKEN_MALFORMED,
  BAD_SIGNATURE: ERRORS.PREVIEW_TOKEN_BAD_SIGNATURE,
  EXPIRED: ERRORS.PREVIEW_TOKEN_EXPIRED,
  FORBIDDEN: ERRORS.FORBIDDEN,
  NOT_FOUND: ERRORS.NOT_FOUND,
  DISABLED: ERRORS.PREVIEW_DISABLED,
} as const satisfies Record<RefusalReason, ErrorEntry<ErrorCode>>

/** What a refused preview tells the editor, by the reason it was refused; `hint` is the catalogue's. */
export function previewRefusal(reason: RefusalReason): {
  status: (typeof REFUSAL_ERRORS)[RefusalReason]['status']
  code: ErrorCode
  heading: string
  message: string
  hint: string
} {
  const { status, code, hint } = REFUSAL_ERRORS[reason]
  return { status, code, hint, ...refusalWords(reason) }
}

function refusalWords(reason: RefusalReason): { heading: string; message: string } {
  switch (reason) {
    case 'EXPIRED':
      return {
        heading: 'This preview link has expired',
        message: 'Preview links work for a short while only. Open the preview again from the admin panel.',
      }
    case 'FORBIDDEN':
      return {
        heading: 'You cannot preview this draft',
        message: 'Your account may not read this draft any more. Ask an editor for access.',
      }
    case 'NOT_FOUND':
      return {
        heading: 'This draft no longer exists',
        message: 'It may have been deleted since the preview link was made.',
      }
    case 'DISABLED':
      return {
        heading: 'Previews are not set up',
        message: 'This site has no PREVIEW_SECRET, so it cannot show drafts.',
      }
    default:
      return {
        heading: 'This preview link is not valid',
        message: 'It may be incomplete or altered. Open the preview again from the admin panel.',
      }
  }
}
