/**
 * The contact endpoint over real sockets: a node:http server plays the CMS, and the site's
 * own CMS client (createCms) talks to it, so what reaches the CMS is what production sends.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { silentLogger } from '../../src/cms/logger.ts'
import { createCms } from '../../src/cms/index.ts'
import { handleContact } from '../../src/contact/server.ts'
import { SITE_IDENTITY_HEADER, signSiteIdentity, siteIdentityKey } from '@mspn/contract/site-identity'
import { createVisitorCms } from '../../src/server/visitorCms.ts'
import { closedPort, envelope, sendJson, startServer, type Handler, type TestServer } from '../helpers/server.ts'

const CREATED = { doc: { id: 7, createdAt: '2026-01-01T00:00:00.000Z' }, message: 'Inquiry successfully created.' }
const fields = {
  name: 'Grace Hopper',
  email: 'grace@example.com',
  message: 'Please help us debug our compiler pipeline.',
  budget: 'unsure',
  website: '',
  formStartedAt: '1750000000000',
  sourcePage: '/contact',
}

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function cmsAnswering(handler: Handler) {
  server = await startServer(handler)
  return createCms({ baseUrl: server.origin, retries: 1, logger: silentLogger, sleep: async () => undefined })
}

const asJson = (body: unknown) =>
  new Request('http://site/api/contact', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': 'site-request-0001' },
    body: JSON.stringify(body),
  })

const asForm = (body: Record<string, string>) =>
  new Request('http://site/api/contact', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  })

describe('contact form → CMS over HTTP', () => {
  it('posts the inquiry, anti-spam fields included, and answers ok', async () => {
    const cms = await cmsAnswering((_request, response) => sendJson(response, 201, CREATED))
    const response = await handleContact(asJson(fields), { cms })

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
    const received = server!.requests[0]!
    expect(received.method).toBe('POST')
    expect(received.url).toBe('/api/v1/inquiries?depth=0')
    expect(received.headers['content-type']).toMatch(/application\/json/)
    expect(received.headers['x-request-id']).toBe('site-request-0001')
    expect(JSON.parse(received.body)).toEqual({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      message: 'Please help us debug our compiler pipeline.',
      budget: 'unsure',
      website: '',
      formStartedAt: 1750000000000,
      sourcePage: '/contact',
    })
  })

  it('redirects a plain form post back with sent=1', async () => {
    const cms = await cmsAnswering((_request, response) => sendJson(response, 201, CREATED))
    const response = await handleContact(asForm(fields), { cms })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/contact?sent=1#contact-form')
  })

  it('passes the CMS rate limit on with its Retry-After', async () => {
    const cms = await cmsAnswering((_request, response) =>
      sendJson(response, 429, envelope('RATE_LIMITED', 'Too many messages from your address.'), {
        'retry-after': '1800',
      }),
    )
    const response = await handleContact(asJson(fields), { cms })
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('1800')
    expect(await response.json()).toMatchObject({ ok: false, errors: [{ code: 'RATE_LIMITED' }] })
    // A wait of half an hour is not worth a retry.
    expect(server!.requests).toHaveLength(1)

    const redirected = await handleContact(asForm(fields), { cms })
    expect(redirected.headers.get('location')).toBe('/contact?error=rate_limited&retry=1800#contact-form')
  })

  it("shows the CMS's field errors", async () => {
    const cms = await cmsAnswering((_request, response) =>
      sendJson(response, 400, envelope('VALIDATION_ERROR', 'This email is not deliverable.', 'email')),
    )
    const response = await handleContact(asJson(fields), { cms })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      ok: false,
      errors: [{ field: 'email', message: 'This email is not deliverable.' }],
    })
  })

  it("reports the CMS's anti-spam refusals", async () => {
    const cms = await cmsAnswering((request, response) => {
      const body = JSON.parse(request.body) as { website?: string }
      if (body.website) sendJson(response, 400, envelope('SPAM_SUSPECTED', 'Your message could not be accepted.'))
      else sendJson(response, 400, envelope('TOO_FAST', 'That was quick!'))
    })
    const spam = await handleContact(asForm({ ...fields, website: 'http://buy.example' }), { cms })
    expect(spam.headers.get('location')).toBe('/contact?error=spam#contact-form')
    const fast = await handleContact(asForm(fields), { cms })
    expect(fast.headers.get('location')).toBe('/contact?error=too_fast#contact-form')
  })

  it('answers 502 when the CMS fails, without retrying the POST', async () => {
    const cms = await cmsAnswering((_request, response) =>
      sendJson(response, 500, envelope('INTERNAL', 'Something broke')),
    )
    const response = await handleContact(asJson(fields), { cms, logError: () => undefined })
    expect(response.status).toBe(502)
    expect(server!.requests).toHaveLength(1)
    const body = await response.text()
    expect(body).not.toContain('Something broke')
    expect(body).not.toMatch(/\bat .+:\d+:\d+/)
  })

  it('answers 503 when the CMS cannot be reached', async () => {
    const cms = createCms({ baseUrl: await closedPort(), retries: 0, logger: silentLogger })
    const response = await handleContact(asJson(fields), { cms, logError: () => undefined })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ ok: false, errors: [{ code: 'UNAVAILABLE' }] })
  })
})

describe('createVisitorCms', () => {
  const SECRET = 'site-identity-test-secret-0123456789abcdef'

  it("signs the visitor's address into the site identity, and sends no X-Forwarded-For", async () => {
    server = await startServer((_request, response) => sendJson(response, 201, CREATED))
    const cms = createVisitorCms({
      baseUrl: server.origin,
      retries: 0,
      logger: silentLogger,
      clientAddress: '203.0.113.9',
      siteSecret: SECRET,
    })
    await cms.createInquiry({ name: 'A', email: 'a@example.com', message: 'Long enough message' })
    const headers = server.requests[0]!.headers
    expect(headers['x-forwarded-for']).toBeUndefined()
    const [, t] = /^t=(\d+),/.exec(String(headers[SITE_IDENTITY_HEADER]))!
    expect(headers[SITE_IDENTITY_HEADER]).toBe(signSiteIdentity(siteIdentityKey(SECRET), '203.0.113.9', Number(t)))
  })

  it('signs as the site itself without a valid address, and sends no identity without a secret', async () => {
    server = await startServer((_request, response) => sendJson(response, 201, CREATED))
    for (const clientAddress of [undefined, 'not-an-ip', '1.2.3.4, 5.6.7.8']) {
      const cms = createVisitorCms({
        baseUrl: server.origin,
        retries: 0,
        logger: silentLogger,
        clientAddress,
        siteSecret: SECRET,
      })
      await cms.createInquiry({ name: 'A', email: 'a@example.com', message: 'Long enough message' })
    }
    await createVisitorCms({
      baseUrl: server.origin,
      retries: 0,
      logger: silentLogger,
      clientAddress: '203.0.113.9',
    }).createInquiry({
      name: 'A',
      email: 'a@example.com',
      message: 'Long enough message',
    })
    const sent = server.requests.map((request) => request.headers[SITE_IDENTITY_HEADER] as string | undefined)
    expect(sent.slice(0, 3).every((value) => /^t=\d+,a=,v1=[0-9a-f]{64}$/.test(value ?? ''))).toBe(true)
    expect(sent[3]).toBeUndefined()
    expect(server.requests.every((request) => request.headers['x-forwarded-for'] === undefined)).toBe(true)
  })
})
