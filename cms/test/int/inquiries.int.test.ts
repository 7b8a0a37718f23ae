/**
 * Inquiries reach people: a submission (REST or GraphQL) is stored and queues a `notifyInquiry`
 * job; the job mails the recipients from Site settings (and acknowledges the sender) over SMTP,
 * received here by a real SMTP server. A mail outage leaves the inquiry stored and the job retried
 * later. Staff tools: unread count, read tracking, CSV export.
 */
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createJobRunner, type JobRunner } from '../../src/jobs/runner'
import { createUser, login, startTestCms, type TestCms } from '../helpers/cms'
import { graphql, request } from '../helpers/http'

interface Received {
  from: string
  to: string[]
  raw: string
  mail: ParsedMail
}

const RECIPIENTS = ['sales@studio.test', 'lead-desk@studio.test']
const quiet = { error: () => undefined, info: () => undefined }

let cms: TestCms
let runner: JobRunner
let smtpPort: number
let smtp: SMTPServer | undefined
let editorAuth: string
let authorAuth: string
let editorId: number
const received: Received[] = []

/** A port nothing listens on yet: the mail server starts there only when a test says so. */
async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

async function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          mail: await simpleParser(raw),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp?.listen(smtpPort, '127.0.0.1', resolve))
}

const submit = (data: Record<string, unknown>) =>
  request(`${cms.api}/inquiries`, { method: 'POST', json: { formStartedAt: Date.now() - 60_000, ...data } })

const jobsOf = async (id: number | string) =>
  (
    await cms.payload.find({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: 'notifyInquiry' } }, { 'input.inquiry': { equals: String(id) } }] },
      overrideAccess: true,
      depth: 0,
    })
  ).docs

const inquiry = (id: number | string) =>
  cms.payload.findByID({ collection: 'inquiries', id, overrideAccess: true, depth: 0 })

const mailsTo = (address: string) => received.filter((entry) => entry.to.includes(address))
const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((entry) => entry.value.map((value) => value.address))
/** The header block of a raw message, unfolded. */
const headerBlock = (raw: string) => raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ')

beforeAll(async () => {
  smtpPort = await freePort()
  cms = await startTestCms({
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, EMAIL_FROM: 'cms@studio.test', CONTACT_MIN_FILL_SECONDS: '0' },
  })
  await cms.payload.updateGlobal({
    slug: 'site-settings',
    data: {
      contactEmail: 'hello@studio.test',
      inquiryEmails: {
        recipients: RECIPIENTS.map((email) => ({ email })),
        acknowledge: true,
        acknowledgementSubject: 'Thanks, we got it',
        acknowledgementText: 'We answer within two days.',
      },
    },
    overrideAccess: true,
  })
  const editor = await createUser(cms, 'editor', 'Eddie Editor')
  editorId = editor.user.id
  editorAuth = await login(cms, editor.email, editor.password)
  const author = await createUser(cms, 'author', 'Ada Author')
  authorAuth = await login(cms, author.email, author.password)
  runner = createJobRunner(cms.payload, { intervalMs: 3_600_000, logger: quiet })
})

afterAll(async () => {
  await runner?.stop()
  await cms?.stop()
  await new Promise((resolve) => (smtp ? smtp.close(() => resolve(undefined)) : resolve(undefined)))
})

describe('notification emails', () => {
  it('keeps the inquiry while the mail server is down, retries, and mails once it is up', async () => {
    const created = await submit({
      name: 'Eve\r\nBcc: victim@evil.test',
      email: 'eve@client.test',
      company: 'Acme <b>Corp</b>',
      message: 'Hello <script>alert("x")</script> & welcome.\n\nSecond paragraph.',
    })
    expect(created.status).toBe(201)
    // The public answer shows none of the staff fields.
    expect(created.body.doc).not.toHaveProperty('notifiedAt')
    expect(created.body.doc).not.toHaveProperty('read')
    const id = created.body.doc.id
    expect((await inquiry(id)).notifiedAt ?? null).toBeNull()
    expect(await jobsOf(id)).toHaveLength(1)

    // Mail server down: the job fails and is scheduled again; the inquiry is untouched.
    expect(await runner.runDue()).toBe(1)
    const [failed] = await jobsOf(id)
    expect(failed.completedAt ?? null).toBeNull()
    expect(failed.hasError).not.toBe(true)
    expect(failed.totalTried).toBe(1)
    expect(Date.parse(failed.waitUntil as string)).toBeGreaterThan(Date.now())
    expect(received).toHaveLength(0)
    expect((await inquiry(id)).notifiedAt ?? null).toBeNull()
    // Not due again yet.
    expect(await runner.runDue()).toBe(0)

    // The server comes up; the retry falls due (moved to now instead of waiting the backoff out).
    await startSmtp()
    await cms.payload.update({
      collection: 'payload-jobs',
      id: failed.id,
      data: { waitUntil: new Date(Date.now() - 1000).toISOString() },
      overrideAccess: true,
    })
    expect(await runner.runDue()).toBe(1)
    const pending = (await jobsOf(id)).filter((job) => !job.completedAt)
    expect(pending).toHaveLength(0)

    const [notification] = mailsTo(RECIPIENTS[0])
    expect(notification.to.sort()).toEqual([...RECIPIENTS].sort())
    expect(notification.from).toBe('cms@studio.test')
    // No header injection: the name's CR/LF became a space, no Bcc header, nobody else on the envelope.
    expect(notification.mail.subject).toBe('New inquiry from Eve Bcc: victim@evil.test (Acme <b>Corp</b>)')
    expect(notification.mail.headers.has('bcc')).toBe(false)
    expect(headerBlock(notification.raw)).not.toMatch(/^bcc:/im)
    expect(received.flatMap((entry) => entry.to)).not.toContain('victim@evil.test')
    expect(addresses(notification.mail.replyTo)).toEqual(['eve@client.test'])
    // User input is escaped in the HTML part and verbatim in the text part.
    const html = notification.mail.html as string
    expect(html).toContain('Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; welcome.')
    expect(html).toContain('Acme &lt;b&gt;Corp&lt;/b&gt;')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>Corp')
    expect(html).toContain(`/admin/collections/inquiries/${id}`)
    expect(notification.mail.text).toContain('Hello <script>alert("x")</script> & welcome.')

    const [ack] = mailsTo('eve@client.test')
    expect(ack.to).toEqual(['eve@client.test'])
    expect(ack.mail.subject).toBe('Thanks, we got it')
    expect(ack.mail.text).toContain('We answer within two days.')
    expect(ack.mail.text).toContain('> Second paragraph.')
    expect(ack.mail.html as string).not.toContain('<script>')
    expect(received).toHaveLength(2)

    const stored = await inquiry(id)
    expect(stored.notifiedAt).toBeTruthy()
    expect(stored.acknowledgedAt).toBeTruthy()
    // Nothing left to run, nothing sent twice.
    expect(await runner.runDue()).toBe(0)
    expect(received).toHaveLength(2)
  })

  it('mails an inquiry sent through GraphQL too', async () => {
    if (!smtp) await startSmtp()
    const before = received.length
    const answer = await graphql<{ createInquiry: { id: number } }>(
      cms.api,
      `
        mutation ($data: mutationInquiryInput!) {
          createInquiry(data: $data) {
            id
          }
        }
      `,
      undefined,
      {
        data: {
          name: 'Grace Graph',
          email: 'grace@client.test',
          message: 'Sent through GraphQL, about a project.',
          status: 'new',
          formStartedAt: Date.now() - 60_000,
        },
      },
    )
    expect(answer.body.errors).toBeUndefined()
    const id = answer.body.data?.createInquiry.id as number
    expect(await jobsOf(id)).toHaveLength(1)
    expect(await runner.runDue()).toBe(1)
    const mine = received.slice(before)
    expect(mine.map((entry) => entry.mail.subject).sort()).toEqual([
      'New inquiry from Grace Graph',
      'Thanks, we got it',
    ])
    expect(mine.find((entry) => entry.mail.subject === 'Thanks, we got it')?.to).toEqual(['grace@client.test'])
    expect((await inquiry(id)).notifiedAt).toBeTruthy()
  })

  it('keeps the recipients and acknowledgement text out of the public site settings', async () => {
    const publicRead = await request(`${cms.api}/globals/site-settings`)
    expect(publicRead.status).toBe(200)
    expect(publicRead.body).not.toHaveProperty('inquiryEmails')
    expect(JSON.stringify(publicRead.body)).not.toContain(RECIPIENTS[0])
    const staffRead = await request(`${cms.api}/globals/site-settings`, { auth: editorAuth })
    expect(staffRead.body.inquiryEmails.recipients.map((entry: { email: string }) => entry.email)).toEqual(RECIPIENTS)
  })

  it('stores link-stuffed submissions as spam, without a job', async () => {
    const links = Array.from({ length: 5 }, (_, index) => `https://spam${index}.test/buy`).join(' ')
    const created = await submit({ name: 'Bot', email: 'bot@spam.test', message: `Cheap offers ${links}` })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    expect((await inquiry(id)).spam).toBe(true)
    expect(await jobsOf(id)).toHaveLength(0)
  })
})

describe('unread inquiries', () => {
  const unread = (auth?: string) => request(`${cms.api}/inquiries/unread-count`, { auth })

  it('counts unread, non-spam inquiries for editors, and drops when one is read', async () => {
    expect((await unread()).status).toBe(401)
    const refused = await unread(authorAuth)
    expect(refused.status).toBe(403)
    expect(refused.body.errors[0].code).toBe('FORBIDDEN')

    const start = (await unread(editorAuth)).body.count as number
    const unreadTotal = await cms.payload.count({
      collection: 'inquiries',
      where: { and: [{ read: { equals: false } }, { spam: { equals: false } }] },
      overrideAccess: true,
    })
    expect(start).toBe(unreadTotal.totalDocs)

    const first = (await submit({ name: 'Reader One', email: 'one@client.test', message: 'First unread message.' }))
      .body.doc.id
    const second = (await submit({ name: 'Reader Two', email: 'two@client.test', message: 'Second unread message.' }))
      .body.doc.id
    expect((await unread(editorAuth)).body.count).toBe(start + 2)

    const marked = await request(`${cms.api}/inquiries/${first}`, {
      method: 'PATCH',
      json: { read: true },
      auth: editorAuth,
    })
    expect(marked.status).toBe(200)
    expect(marked.body.doc.readAt).toBeTruthy()
    expect((await unread(editorAuth)).body.count).toBe(start + 1)

    // Moving on from "new" means someone read it.
    const moved = await request(`${cms.api}/inquiries/${second}`, {
      method: 'PATCH',
      json: { status: 'in-progress', assignee: editorId, notes: 'Called back on Monday.' },
      auth: editorAuth,
    })
    expect(moved.body.doc).toMatchObject({ read: true, notes: 'Called back on Monday.' })
    expect((await unread(editorAuth)).body.count).toBe(start)

    // Unread again: readAt is cleared.
    const again = await request(`${cms.api}/inquiries/${first}`, {
      method: 'PATCH',
      json: { read: false },
      auth: editorAuth,
    })
    expect(again.body.doc.readAt ?? null).toBeNull()
    expect((await unread(editorAuth)).body.count).toBe(start + 1)
  })

  it('lets nobody but the server set notifiedAt, and the public form set no staff field', async () => {
    const created = await submit({
      name: 'Sneaky',
      email: 'sneaky@client.test',
      message: 'Trying to set staff fields.',
      read: true,
      spam: false,
      notes: 'injected',
      notifiedAt: '2020-01-01T00:00:00.000Z',
    })
    expect(created.status).toBe(201)
    const stored = await inquiry(created.body.doc.id)
    expect(stored.read).toBe(false)
    expect(stored.notes ?? null).toBeNull()
    expect(stored.notifiedAt ?? null).toBeNull()
    const forged = await request(`${cms.api}/inquiries/${stored.id}`, {
      method: 'PATCH',
      json: { notifiedAt: '2020-01-01T00:00:00.000Z' },
      auth: editorAuth,
    })
    expect(forged.status).toBe(200)
    expect((await inquiry(stored.id)).notifiedAt ?? null).toBeNull()
  })
})

describe('CSV export', () => {
  const exportCsv = (query = '', auth?: string) =>
    fetch(`${cms.api}/inquiries/export.csv${query}`, { headers: auth ? { authorization: auth } : {} })

  it('is for editors only', async () => {
    for (const [auth, status] of [
      [undefined, 401],
      [authorAuth, 403],
    ] as const) {
      const response = await exportCsv('', auth)
      expect(response.status).toBe(status)
      const body = (await response.json()) as { errors: { code: string }[] }
      expect(body.errors[0].code).toBe(status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN')
    }
  })

  it('exports the filtered inquiries, formula-safe and quoted', async () => {
    const marker = `csv-${Date.now()}`
    await submit({
      name: '=HYPERLINK("http://evil.test","click")',
      email: `formula@${marker}.test`,
      company: '+cmd|calc',
      message: `Line one, with "quotes"\nline two ${marker}`,
    })
    await submit({ name: 'Plain Person', email: `plain@${marker}.test`, message: `Nothing odd here ${marker}` })
    await submit({ name: 'Other', email: 'other@elsewhere.test', message: 'Not in this export at all.' })

    const response = await exportCsv(`?where[email][like]=${marker}&sort=name`, editorAuth)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="inquiries-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const text = await response.text()
    const lines = text.split('\r\n')
    expect(lines[0]).toBe(
      '"id","createdAt","status","read","spam","name","email","company","budget","sourcePage","message","assignee","notes","notifiedAt"',
    )
    expect(text).not.toContain('other@elsewhere.test')
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`)
    expect(text).toContain(`"'+cmd|calc"`)
    expect(text).toContain(`"Line one, with ""quotes""\nline two ${marker}"`)
    expect(text).toContain(`"Plain Person","plain@${marker}.test"`)
    // Sorted by name: "'=HYPERLINK…" sorts before "Plain Person" as stored ("=" < "P").
    expect(text.indexOf('HYPERLINK')).toBeLessThan(text.indexOf('Plain Person'))
    expect(text.endsWith('\r\n')).toBe(true)
  })

  it('answers a bad filter with a 400 envelope, not half a file', async () => {
    const response = await exportCsv('?where[nonexistent][equals]=1', editorAuth)
    expect(response.status).toBe(400)
    const body = (await response.json()) as { errors: { code: string }[] }
    expect(body.errors[0].code).toBeDefined()
  })
})
