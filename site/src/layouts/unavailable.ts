/**
 * Turning a CMS failure on a page into the "try again" page with status 503. Astro's own
 * 500.astro always answers 500, so a page that catches a CmsError rewrites to /503 instead,
 * leaving the failure (for its request ID) with the request's `locals`, which a rewrite keeps.
 * Any other error is rethrown: it is a bug, and 500.astro shows it as one.
 */
import { CmsError } from '../cms/errors.ts'
import { CMS_UNAVAILABLE, failureFor, type Failure } from './failure.ts'

export const UNAVAILABLE_ROUTE = '/503'

export interface RewriteContext {
  locals: object
  rewrite(path: string): Promise<Response>
}

const failures = new WeakMap<object, Failure>()

export function unavailable(context: RewriteContext, error: unknown): Promise<Response> {
  if (!(error instanceof CmsError)) throw error
  failures.set(context.locals, failureFor(error))
  return context.rewrite(UNAVAILABLE_ROUTE)
}

/** The failure recorded for this request, or the generic "CMS unavailable" one. */
export function failureOf(locals: object): Failure {
  return failures.get(locals) ?? { ...CMS_UNAVAILABLE }
}
