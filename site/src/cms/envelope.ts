/**
 * Reads the CMS error envelope `{ errors: [{ message, field?, code }], requestId }` from a
 * non-2xx answer. Anything else (a proxy's HTML 502, an empty body) still becomes a usable
 * CmsHttpError with a code derived from the status.
 */
import { z } from 'zod'

import { CmsHttpError, type CmsErrorItem } from './errors.ts'

const envelopeSchema = z.object({
  errors: z
    .array(
      z.object({
        message: z.string(),
        code: z.string(),
        field: z.string().nullish(),
      }),
    )
    .min(1),
  requestId: z.string().nullish(),
})

export function parseErrorItems(status: number, body: string): { errors: CmsErrorItem[]; requestId?: string } {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    json = undefined
  }
  const parsed = envelopeSchema.safeParse(json)
  if (!parsed.success) return { errors: [{ message: `The CMS answered HTTP ${status}.`, code: `HTTP_${status}` }] }
  const errors = parsed.data.errors.map(({ message, code, field }) =>
    field ? { message, code, field } : { message, code },
  )
  return parsed.data.requestId ? { errors, requestId: parsed.data.requestId } : { errors }
}

export function toHttpError(
  status: number,
  body: string,
  requestId: string,
  retryAfterMs: number | undefined,
): CmsHttpError {
  const items = parseErrorItems(status, body)
  return new CmsHttpError({
    status,
    errors: items.errors,
    requestId: items.requestId ?? requestId,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  })
}
