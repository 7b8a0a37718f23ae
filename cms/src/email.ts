/**
 * The one mail module. Outgoing mail goes over SMTP when SMTP_URL is set (password resets,
 * notifications); without it (development) each message is logged as one readable line instead
 * of being sent, so a first start needs no mail server and prints no warning about one.
 */
import nodemailer from 'nodemailer'
import type { EmailAdapter, SendEmailOptions } from 'payload'

export function smtpEmailAdapter(smtpUrl: string, fromAddress: string, fromName = 'MSPN DEV'): EmailAdapter {
  // Bounded waits: a mail server that accepts the connection and then hangs must not hold a job forever.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return () => ({
    name: 'smtp',
    defaultFromAddress: fromAddress,
    defaultFromName: fromName,
    sendEmail: async (message: SendEmailOptions) =>
      transport.sendMail({ from: `"${fromName}" <${fromAddress}>`, ...message }),
  })
}

/** Recipients as one short text: nodemailer accepts a string, an address object or a list of either. */
function recipients(to: SendEmailOptions['to']): string {
  const list = Array.isArray(to) ? to : to === undefined ? [] : [to]
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.address)).join(', ') || '(nobody)'
}

/** Logs each message (recipients and subject, never the body: it may hold a reset token) and sends nothing. */
export function logEmailAdapter(fromAddress: string, fromName = 'MSPN DEV'): EmailAdapter {
  return ({ payload }) => ({
    name: 'log',
    defaultFromAddress: fromAddress,
    defaultFromName: fromName,
    sendEmail: async (message: SendEmailOptions) => {
      payload.logger.info(
        `email not sent (SMTP_URL is not set): "${message.subject ?? ''}" to ${recipients(message.to)}`,
      )
    },
  })
}

/** SMTP when configured, the log otherwise. */
export function emailAdapter(smtpUrl: string | undefined, fromAddress: string): EmailAdapter {
  return smtpUrl ? smtpEmailAdapter(smtpUrl, fromAddress) : logEmailAdapter(fromAddress)
}
