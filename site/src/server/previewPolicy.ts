/**
 * How draft previews answer: never stored anywhere (not by the route cache, a CDN or the
 * browser's back/forward cache), never indexed, and no Referer carrying the token to whatever
 * the draft links to. Which origins may frame a preview is set in server/securityHeaders.ts.
 */
export const PREVIEW_PATH = '/preview';

export const PREVIEW_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store, private',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
});

export function isPreviewPath(pathname: string): boolean {
  return pathname === PREVIEW_PATH || pathname === `${PREVIEW_PATH}/`;
}

/** What a refused preview tells the editor, by the reason it was refused. */
export function previewRefusal(reason: 'MISSING' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'FORBIDDEN' | 'NOT_FOUND' | 'DISABLED'): {
  status: 401 | 403 | 404 | 503;
  heading: string;
  message: string;
} {
  switch (reason) {
    case 'EXPIRED':
      return { status: 401, heading: 'This preview link has expired', message: 'Preview links work for a short while only. Open the preview again from the admin panel.' };
    case 'FORBIDDEN':
      return { status: 403, heading: 'You cannot preview this draft', message: 'Your account may not read this draft any more. Ask an editor for access.' };
    case 'NOT_FOUND':
      return { status: 404, heading: 'This draft no longer exists', message: 'It may have been deleted since the preview link was made.' };
    case 'DISABLED':
      return { status: 503, heading: 'Previews are not set up', message: 'This site has no PREVIEW_SECRET, so it cannot show drafts.' };
    default:
      return { status: 401, heading: 'This preview link is not valid', message: 'It may be incomplete or altered. Open the preview again from the admin panel.' };
  }
}
