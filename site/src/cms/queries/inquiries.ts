/**
 * The contact form's only write. The honeypot (`website`) and `formStartedAt` are passed
 * through untouched: the CMS's guard judges them and strips them before storing.
 * Refusals (validation, spam, too fast, rate limit) surface as CmsHttpError with the
 * envelope's code and field, for the form to show.
 */
import type { CmsClient } from '../client.ts'
import { inquiryCreatedSchema, type InquiryCreated, type InquiryInput } from '../schemas/inquiry.ts'
import type { QueryOptions } from '../collections/reads.ts'

export async function createInquiry(
  client: CmsClient,
  data: InquiryInput,
  options: QueryOptions = {},
): Promise<InquiryCreated> {
  const created = await client.post('/inquiries', data, inquiryCreatedSchema, { ...options, query: { depth: 0 } })
  return { id: created.doc.id, message: created.message ?? null }
}
