/**
 * X-Request-Id ties a site log line to the CMS log line for the same request. The CMS keeps
 * an incoming ID only if it matches this pattern, so the client checks it first.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/

export function isValidRequestId(value: string): boolean {
  return REQUEST_ID.test(value)
}

/** The caller's ID when the CMS would accept it (e.g. one propagated from the incoming page request), else a new UUID. */
export function requestIdFor(preferred?: string): string {
  return preferred !== undefined && isValidRequestId(preferred) ? preferred : crypto.randomUUID()
}
