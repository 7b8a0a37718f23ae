import { describe, expect, it } from 'vitest'

import { csvCell, csvLine } from '../../src/collections/Inquiries/exportCsv'
import { looksLikeSpam } from '../../src/collections/Inquiries/hooks/flagSpam'
import { markRead } from '../../src/collections/Inquiries/hooks/markRead'
import {
  acknowledgementEmail,
  escapeHtml,
  headerText,
  notificationEmail,
} from '../../src/collections/Inquiries/inquiryEmails'
import { recipientsOf } from '../../src/collections/Inquiries/notifyInquiry'

const inquiry = {
  id: 7,
  name: 'Mallory\r\nBcc: x@evil.test',
  email: 'mallory@client.test',
  company: '<i>Co</i>',
  message: '<img src=x onerror=alert(1)>\n\nBye',
}

describe('inquiry emails', () => {
  it('escapes HTML and flattens header text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    expect(headerText('a\r\nb\u0000c\u2028d\te')).toBe('a b c d e')
    expect(headerText('x'.repeat(200), 10)).toHaveLength(10)
  })

  it('builds a notification without raw user HTML or line breaks in headers', () => {
    const mail = notificationEmail(inquiry, ['a@studio.test'], 'https://cms.test/admin')
    expect(mail.subject).toBe('New inquiry from Mallory Bcc: x@evil.test (<i>Co</i>)')
    expect(mail.replyTo).toEqual({ name: 'Mallory Bcc: x@evil.test', address: 'mallory@client.test' })
    expect(mail.html).not.toContain('<img')
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(mail.html).toContain('https://cms.test/admin/collections/inquiries/7')
  })

  it('acknowledges only a plain address', () => {
    expect(acknowledgementEmail({ ...inquiry, email: 'a@b.test>\r\nBcc: c@d.test' }, {}, undefined)).toBeUndefined()
    const ack = acknowledgementEmail(inquiry, { subject: 'Thanks\r\nX-Evil: 1', text: 'Soon.' }, 'hello@studio.test')
    expect(ack?.subject).toBe('Thanks X-Evil: 1')
    expect(ack?.replyTo).toBe('hello@studio.test')
  })

  it('mails the listed recipients, else the contact email', () => {
    expect(recipientsOf({ inquiryEmails: { recipients: [{ email: 'a@x.test' }, { email: 'a@x.test' }] } })).toEqual([
      'a@x.test',
    ])
    expect(recipientsOf({ contactEmail: 'hello@x.test', inquiryEmails: { recipients: [] } })).toEqual(['hello@x.test'])
    expect(recipientsOf({})).toEqual([])
  })
})

describe('inquiry CSV cells', () => {
  it('quotes every cell and defuses formulas', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`)
    expect(csvCell('+1')).toBe(`"'+1"`)
    expect(csvCell('-1')).toBe(`"'-1"`)
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`)
    expect(csvCell('\tcmd')).toBe(`"'\tcmd"`)
    expect(csvCell('say "hi", ok')).toBe(`"say ""hi"", ok"`)
    expect(csvCell(null)).toBe('""')
    expect(csvLine([1, 'a'])).toBe('"1","a"\r\n')
  })
})

describe('inquiry hooks', () => {
  const run = (data: Record<string, unknown>, originalDoc: Record<string, unknown>) =>
    markRead({ data, originalDoc, operation: 'update' } as never) as Record<string, unknown>

  it('marks read on request or when the status moves on from new', () => {
    expect(run({ read: true }, { read: false, status: 'new' })).toMatchObject({
      read: true,
      readAt: expect.any(String),
    })
    expect(run({ status: 'closed' }, { read: false, status: 'new' })).toMatchObject({ read: true })
    expect(run({ read: false }, { read: true, status: 'closed', readAt: 'x' })).toMatchObject({
      read: false,
      readAt: null,
    })
    expect(run({ notes: 'n' }, { read: false, status: 'new' })).toMatchObject({ read: false })
  })

  it('counts links for spam', () => {
    expect(looksLikeSpam('see https://a.test and www.b.test')).toBe(false)
    expect(looksLikeSpam('http://1 http://2 http://3 http://4')).toBe(true)
  })
})
