/**
 * Turns zod's issues into short, path-first messages (`docs.0.slug: expected string,
 * received undefined`), the form that is quickest to act on in a log.
 */
import type { z } from 'zod'

import { CmsValidationError, type CmsValidationIssue } from './errors.ts'

export function toValidationIssues(error: z.ZodError): CmsValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message.replace(/^Invalid input: /, ''),
  }))
}

/** Parses `data` with `schema`, or throws a CmsValidationError naming the first failing path. */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  context: string,
  requestId: string,
): z.output<S> {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  throw new CmsValidationError(context, toValidationIssues(result.error), { requestId })
}
