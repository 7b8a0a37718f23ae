/**
 * The two emails an inquiry causes: the notification to staff and the optional acknowledgement to
 * the sender. Everything a visitor typed is untrusted: it is HTML-escaped in the HTML part and
 * flattened to one line (no CR/LF or other control characters) wherever it reaches a header, so a
 * name like "Eve\r\nBcc: victim@example.com" stays text.
 */
import type { SendEmailOptions } from 'payload'

export interface InquiryForEmail {
  id: number | string
  name: string
  email: string
  company?: string | null
  message: string
  budget?: string | null
  sourcePage?: string | null
}

export interface AcknowledgementSettings {
  subject?: string | null
  text?: string | null
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char])
}

/** One line for a header: control characters (CR, LF, NUL, tab…) become spaces, runs collapse, at most `max` long. */
export function headerText(value: string, max = 120): string {
  const flat = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Only a plain address goes into Reply-To; anything else (it passed Payload's email check, but still) is left out. */
function replyAddress(email: string): string | undefined {
  return /^[^\s<>"'(),;:\\@]+@[^\s<>"'(),;:\\@]+$/.test(email) ? email : undefined
}

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => `<p>${escapeHtml(part.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n')

const row = (label: string, value: string | null | undefined) =>
  value ? `<tr><th align="left" style="padding-right:1em">${label}</th><td>${escapeHtml(value)}</td></tr>` : ''

export function notificationEmail(inquiry: InquiryForEmail, recipients: string[], adminUrl: string): SendEmailOptions {
  const who = headerText(inquiry.name, 80) || 'someone'
  const company = inquiry.company ? headerText(inquiry.company, 60) : ''
  const reply = replyAddress(inquiry.email)
  const link = `${adminUrl}/collections/inquiries/${encodeURIComponent(String(inquiry.id))}`
  const lines = [
    `New inquiry from ${inquiry.name}${inquiry.company ? ` (${inquiry.company})` : ''}`,
    '',
    `Email: ${inquiry.email}`,
    inquiry.budget ? `Budget: ${inquiry.budget}` : '',
    inquiry.sourcePage ? `Sent from: ${inquiry.sourcePage}` : '',
    '',
    inquiry.message,
    '',
    `Open it in the admin: ${link}`,
  ].filter((line, index, all) => line !== '' || all[index - 1] !== '')
  return {
    to: recipients,
    subject: `New inquiry from ${who}${company ? ` (${company})` : ''}`,
    ...(reply ? { replyTo: { name: headerText(inquiry.name, 80), address: reply } } : {}),
    text: lines.join('\n'),
    html: [
      `<p>New inquiry from <strong>${escapeHtml(inquiry.name)}</strong></p>`,
      '<table>',
      row('Name', inquiry.name),
      row('Email', inquiry.email),
      row('Company', inquiry.company),
      row('Budget', inquiry.budget),
      row('Sent from', inquiry.sourcePage),
      '</table>',
      paragraphs(inquiry.message),
      `<p><a href="${escapeHtml(link)}">Open it in the admin</a></p>`,
    ]
      .filter(Boolean)
      .join('\n'),
  }
}

export function acknowledgementEmail(
  inquiry: InquiryForEmail,
  settings: AcknowledgementSettings,
  replyTo: string | undefined,
): SendEmailOptions | undefined {
  const to = replyAddress(inquiry.email)
  if (!to) return undefined
  const greeting = `Hello ${headerText(inquiry.name, 80)},`
  const body = settings.text?.trim() || 'Thank you for getting in touch. We will answer soon.'
  const quoted = inquiry.message
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n')
  return {
    to: { name: headerText(inquiry.name, 80), address: to },
    subject: headerText(settings.subject?.trim() || 'We received your message', 150),
    ...(replyTo ? { replyTo } : {}),
    text: `${greeting}\n\n${body}\n\nYour message:\n${quoted}\n`,
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      paragraphs(body),
      '<p>Your message:</p>',
      `<blockquote>${paragraphs(inquiry.message)}</blockquote>`,
    ].join('\n'),
  }
}
