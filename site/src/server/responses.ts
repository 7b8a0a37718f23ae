/**
 * How the site's own endpoints answer: JSON, never cached, and errors in the project's one
 * shape `{ errors: [{ message, field?, code }], requestId }`, never with a stack trace.
 */
export interface ErrorItem {
  message: string;
  code: string;
  field?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's X-Request-Id when it is plausible (a proxy or the CMS set it), else a new one. */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming !== null && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function errorResponse(status: number, errors: ErrorItem[], requestId: string, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { errors, requestId }, { 'x-request-id': requestId, ...headers });
}

/**
 * The body as text, refusing more than `maxBytes` (by Content-Length when sent, and again by
 * what actually arrived). Null means too large.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  const text = await request.text();
  return Buffer.byteLength(text, 'utf8') > maxBytes ? null : text;
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}
