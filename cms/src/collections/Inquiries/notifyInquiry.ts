/**
 * The `notifyInquiry` job: emails a new inquiry to the recipients in Site settings → Inquiry emails
 * (the site's contact email when none are listed) and, when switched on, an acknowledgement to the
 * sender. Queued by the inquiry's create (hooks/queueNotification.ts) in the same transaction, so
 * the inquiry is stored first and a mail outage only delays the mail: a failed send throws, Payload
 * records the error on the job and the runner (src/jobs/) tries again with exponential backoff.
 * Each email is recorded on the inquiry once sent (`notifiedAt`, `acknowledgedAt`), so a retry
 * never sends one twice.
 */
import type { PayloadRequest, TaskConfig } from 'payload'

import { acknowledgementEmail, notificationEmail, type InquiryForEmail } from './inquiryEmails'

export const NOTIFY_INQUIRY_TASK = 'notifyInquiry'

/** 8 retries, 1 minute doubling: the last one about four hours after the inquiry. */
export const NOTIFY_RETRIES = { attempts: 8, backoff: { type: 'exponential', delay: 60_000 } } as const

interface InquiryEmailSettings {
  contactEmail?: string | null
  inquiryEmails?: {
    recipients?: { email?: string | null }[] | null
    acknowledge?: boolean | null
    acknowledgementSubject?: string | null
    acknowledgementText?: string | null
  } | null
}

interface StoredInquiry extends InquiryForEmail {
  spam?: boolean | null
  notifiedAt?: string | null
  acknowledgedAt?: string | null
}

export function recipientsOf(settings: InquiryEmailSettings): string[] {
  const listed = (settings.inquiryEmails?.recipients ?? []).map((entry) => entry.email?.trim()).filter(Boolean)
  const unique = [...new Set(listed as string[])]
  if (unique.length > 0) return unique
  return settings.contactEmail ? [settings.contactEmail] : []
}

export async function notifyInquiry(
  req: PayloadRequest,
  id: number | string,
): Promise<{ notified: boolean; acknowledged: boolean }> {
  const { payload } = req
  const inquiry = (await payload.findByID({
    collection: 'inquiries',
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })) as StoredInquiry | null
  // Deleted meanwhile, or marked spam by an editor before the mail went: nothing to say.
  if (!inquiry || inquiry.spam) return { notified: false, acknowledged: false }
  const settings = (await payload.findGlobal({
    slug: 'site-settings',
    depth: 0,
    overrideAccess: true,
    req,
  })) as InquiryEmailSettings
  const done = { notified: Boolean(inquiry.notifiedAt), acknowledged: Boolean(inquiry.acknowledgedAt) }
  // Without SMTP_URL the mail module only logs: nothing was sent, so nothing is recorded as sent.
  const delivers = (payload.email as { name?: string } | undefined)?.name !== 'log'
  const record = async (field: 'notifiedAt' | 'acknowledgedAt') => {
    if (!delivers) return
    await payload.update({
      collection: 'inquiries',
      id,
      data: { [field]: new Date().toISOString() },
      overrideAccess: true,
      depth: 0,
      req,
    })
  }

  if (!inquiry.notifiedAt) {
    const recipients = recipientsOf(settings)
    if (recipients.length === 0) {
      payload.logger.warn(
        { inquiry: id },
        'inquiry not emailed: no recipients in Site settings → Inquiry emails and no contact email',
      )
    } else {
      const adminUrl = `${payload.config.serverURL}${payload.config.routes.admin}`
      await payload.sendEmail(notificationEmail(inquiry, recipients, adminUrl))
      await record('notifiedAt')
      done.notified = delivers
    }
  }

  const ack = settings.inquiryEmails
  if (ack?.acknowledge && !inquiry.acknowledgedAt) {
    const message = acknowledgementEmail(
      inquiry,
      { subject: ack.acknowledgementSubject, text: ack.acknowledgementText },
      settings.contactEmail ?? undefined,
    )
    if (message) {
      await payload.sendEmail(message)
      await record('acknowledgedAt')
      done.acknowledged = delivers
    }
  }
  return done
}

export const notifyInquiryTask: TaskConfig<'notifyInquiry'> = {
  slug: NOTIFY_INQUIRY_TASK,
  label: 'Email a new inquiry',
  inputSchema: [{ name: 'inquiry', type: 'text', required: true }],
  outputSchema: [
    { name: 'notified', type: 'checkbox' },
    { name: 'acknowledged', type: 'checkbox' },
  ],
  retries: NOTIFY_RETRIES,
  handler: async ({ input, req }) => {
    const id = /^\d+$/.test(input.inquiry) ? Number(input.inquiry) : input.inquiry
    return { output: await notifyInquiry(req, id) }
  },
}
