/**
 * Outgoing mail over SMTP (password resets, notifications). Without SMTP_URL Payload falls
 * back to logging messages, which is what development wants.
 */
import nodemailer from 'nodemailer'
import type { EmailAdapter, SendEmailOptions } from 'payload'

export function smtpEmailAdapter(smtpUrl: string, fromAddress: string, fromName = 'MSPN DEV'): EmailAdapter {
  const transport = nodemailer.createTransport(smtpUrl)
  return () => ({
    name: 'smtp',
    defaultFromAddress: fromAddress,
    defaultFromName: fromName,
    sendEmail: async (message: SendEmailOptions) =>
      transport.sendMail({ from: `"${fromName}" <${fromAddress}>`, ...message }),
  })
}
