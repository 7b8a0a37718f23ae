import { describe, expect, it, vi } from 'vitest'

import { CmsHttpError, CmsNetworkError, CmsTimeoutError, CmsValidationError } from '../../src/cms/index.ts'
import {
  handleContact,
  outcomeOfCmsError,
  parseContactRequest,
  redirectTarget,
  safeSourcePage,
  toInquiry,
  validateContact,
  type ContactDeps,
} from '../../src/contact/server.ts'

const valid = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  company: 'Analytical Engines',
  message: 'We would like a new website for our engine.',
  budget: '10k-50k',
  sourcePage: '/contact',
  website: '',
  formStartedAt: '1750000000000',
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request('http://site/api/contact', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })

const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('http://site/api/contact', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const http = (
  status: number,
  code: string,
  message = 'refused',
  extra: { field?: string; retryAfterMs?: number } = {},
) =>
  new CmsHttpError({
    status,
    requestId: 'req-00000001',
    errors: [{ message, code, ...(extra.field ? { field: extra.field } : {}) }],
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
  })

function depsWith(createInquiry: ContactDeps['cms']['createInquiry']): ContactDeps {
  return { cms: { createInquiry }, logError: () => undefined }
}

describe('safeSourcePage', () => {
  it.each([
    ['/contact', '/contact'],
    ['/services/web?x=1#y', '/services/web'],
    ['  /about ', '/about'],
    ['/a/../b', '/b'],
  ])('keeps the same-site path of %j', (input, expected) => expect(safeSourcePage(input)).toBe(expected))

  it.each([
    'https://evil.example/contact',
    '//evil.example',
    '/\\evil.example',
    '/.//evil.example',
    'javascript:alert(1)',
    'contact',
    '/line\nbreak',
    '',
    `/${'a'.repeat(400)}`,
    42,
    undefined,
  ])('falls back to / for %j', (input) => expect(safeSourcePage(input)).toBe('/'))
})

describe('validateContact', () => {
  it('accepts a complete form and trims it', () => {
    const result = validateContact({ ...valid, name: '  Ada Lovelace  ' })
    expect(result).toMatchObject({
      ok: true,
      data: { name: 'Ada Lovelace', budget: '10k-50k', formStartedAt: 1750000000000, sourcePage: '/contact' },
    })
  })

  it('leaves empty optional fields out', () => {
    const result = validateContact({ name: 'Ada', email: 'ada@example.com', message: 'Long enough message' })
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(toInquiry(result.data)).toEqual({
        name: 'Ada',
        email: 'ada@example.com',
        message: 'Long enough message',
        sourcePage: '/',
      })
    }
  })

  it('names every bad field with a clear message', () => {
    const result = validateContact({ name: ' ', email: 'not-an-email', message: 'short', budget: 'a million' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.errors.map((error) => error.field)).toEqual(['name', 'email', 'message', 'budget'])
      expect(result.errors.every((error) => error.code === 'VALIDATION_ERROR')).toBe(true)
      expect(result.errors[0]!.message).toBe('Please tell us your name.')
      expect(result.errors[2]!.message).toMatch(/at least 10 characters/)
    }
  })

  it('reports missing fields as the friendly message, not a type error', () => {
    const result = validateContact({})
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.find((error) => error.field === 'email')?.message).toMatch(/email address/)
  })

  it('passes the honeypot and start time through for the CMS to judge', () => {
    const result = validateContact({ ...valid, website: 'http://spam.example' })
    expect(result.ok && toInquiry(result.data)).toMatchObject({
      website: 'http://spam.example',
      formStartedAt: 1750000000000,
    })
  })
})

describe('parseContactRequest', () => {
  it('reads a form post and answers it with redirects', async () => {
    expect(await parseContactRequest(form({ name: 'Ada' }))).toEqual({
      kind: 'ok',
      wantsJson: false,
      fields: { name: 'Ada' },
    })
  })

  it('reads JSON', async () => {
    expect(await parseContactRequest(json({ name: 'Ada' }))).toEqual({
      kind: 'ok',
      wantsJson: true,
      fields: { name: 'Ada' },
    })
  })

  it('answers a form post in JSON when asked to', async () => {
    expect(await parseContactRequest(form({ name: 'Ada' }, { accept: 'application/json' }))).toMatchObject({
      wantsJson: true,
    })
  })

  it('reads multipart forms', async () => {
    const body = new FormData()
    body.set('name', 'Ada')
    const parsed = await parseContactRequest(new Request('http://site/api/contact', { method: 'POST', body }))
    expect(parsed).toEqual({ kind: 'ok', wantsJson: false, fields: { name: 'Ada' } })
  })

  it.each([
    [json('{nope'), 400, 'INVALID_JSON'],
    [json('[1,2]'), 400, 'INVALID_BODY'],
    [
      new Request('http://site/api/contact', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [json({ message: 'x'.repeat(40_000) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses a bad body (%#)', async (request, status, code) => {
    expect(await parseContactRequest(request)).toMatchObject({ kind: 'error', status, error: { code } })
  })
})

describe('outcomeOfCmsError', () => {
  it('passes a 429 on with its Retry-After in seconds', () => {
    expect(outcomeOfCmsError(http(429, 'RATE_LIMITED', 'slow down', { retryAfterMs: 1_800_000 }))).toMatchObject({
      status: 429,
      redirectCode: 'rate_limited',
      retryAfterSeconds: 1800,
      errors: [{ code: 'RATE_LIMITED' }],
    })
    expect(outcomeOfCmsError(http(429, 'RATE_LIMITED'))).not.toHaveProperty('retryAfterSeconds')
  })

  it('maps the anti-spam refusals to their own codes', () => {
    expect(outcomeOfCmsError(http(400, 'SPAM_SUSPECTED'))).toMatchObject({ status: 400, redirectCode: 'spam' })
    expect(outcomeOfCmsError(http(400, 'TOO_FAST', 'That was quick!'))).toMatchObject({
      status: 400,
      redirectCode: 'too_fast',
      errors: [{ message: 'That was quick!' }],
    })
  })

  it("keeps the CMS's field errors", () => {
    expect(outcomeOfCmsError(http(400, 'VALIDATION_ERROR', 'Invalid email', { field: 'email' }))).toMatchObject({
      status: 400,
      errors: [{ field: 'email', message: 'Invalid email', code: 'VALIDATION_ERROR' }],
    })
  })

  it('answers 503 when the CMS is down and 502 when it misbehaves', () => {
    expect(outcomeOfCmsError(new CmsNetworkError('refused', { requestId: 'r', code: 'ECONNREFUSED' }))).toMatchObject({
      status: 503,
    })
    expect(outcomeOfCmsError(new CmsTimeoutError('slow', { requestId: 'r', timeoutMs: 10 }))).toMatchObject({
      status: 503,
    })
    expect(outcomeOfCmsError(http(503, 'UNAVAILABLE'))).toMatchObject({ status: 503 })
    expect(outcomeOfCmsError(http(500, 'INTERNAL'))).toMatchObject({ status: 502 })
    expect(outcomeOfCmsError(http(403, 'FORBIDDEN'))).toMatchObject({ status: 502 })
    expect(outcomeOfCmsError(new CmsValidationError('POST /inquiries', [], { requestId: 'r' }))).toMatchObject({
      status: 502,
    })
    expect(outcomeOfCmsError(new Error('boom'))).toMatchObject({ status: 502, redirectCode: 'failed' })
  })
})

describe('redirectTarget', () => {
  it('adds the outcome to the page address', () => {
    expect(redirectTarget('/contact', { ok: true })).toBe('/contact?sent=1#contact-form')
    expect(
      redirectTarget('/contact', {
        ok: false,
        status: 429,
        errors: [],
        redirectCode: 'rate_limited',
        retryAfterSeconds: 600,
      }),
    ).toBe('/contact?error=rate_limited&retry=600#contact-form')
  })
})

describe('handleContact', () => {
  it('forwards a valid form to the CMS and redirects back with sent=1', async () => {
    const createInquiry = vi.fn(async () => ({ id: 1, message: null }))
    const response = await handleContact(form(valid), depsWith(createInquiry))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/contact?sent=1#contact-form')
    expect(createInquiry).toHaveBeenCalledWith(
      {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        company: 'Analytical Engines',
        message: 'We would like a new website for our engine.',
        budget: '10k-50k',
        sourcePage: '/contact',
        website: '',
        formStartedAt: 1750000000000,
      },
      expect.objectContaining({ requestId: expect.any(String) }),
    )
  })

  it('does not call the CMS for an invalid form', async () => {
    const createInquiry = vi.fn(async () => ({ id: 1, message: null }))
    const response = await handleContact(form({ ...valid, email: 'nope' }), depsWith(createInquiry))
    expect(response.headers.get('location')).toBe('/contact?error=validation#contact-form')
    expect(createInquiry).not.toHaveBeenCalled()
  })

  it('never redirects off-site', async () => {
    const response = await handleContact(
      form({ ...valid, sourcePage: 'https://evil.example/' }),
      depsWith(async () => ({ id: 1, message: null })),
    )
    expect(response.headers.get('location')).toBe('/?sent=1#contact-form')
  })

  it('answers JSON callers with ok', async () => {
    const response = await handleContact(
      json(valid),
      depsWith(async () => ({ id: 1, message: null })),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
  })

  it('answers JSON callers with field errors and 400', async () => {
    const response = await handleContact(
      json({ ...valid, message: 'short' }),
      depsWith(async () => ({ id: 1, message: null })),
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ ok: false, errors: [{ field: 'message', code: 'VALIDATION_ERROR' }] })
  })

  it('passes 429 and Retry-After on', async () => {
    const response = await handleContact(
      json(valid),
      depsWith(async () => Promise.reject(http(429, 'RATE_LIMITED', 'Too many', { retryAfterMs: 3_600_000 }))),
    )
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3600')
  })

  it('answers 503 with Retry-After when the CMS cannot be reached, and logs it', async () => {
    const logError = vi.fn()
    const response = await handleContact(json(valid), {
      cms: {
        createInquiry: async () =>
          Promise.reject(new CmsNetworkError('refused', { requestId: 'r', code: 'ECONNREFUSED' })),
      },
      logError,
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    expect(logError).toHaveBeenCalledWith(expect.objectContaining({ error: 'CmsNetworkError' }), expect.any(String))
    expect(await response.text()).not.toMatch(/\bat .+:\d+:\d+/)
  })

  it('redirects a broken form post to the fallback page', async () => {
    const request = new Request('http://site/api/contact', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    })
    const response = await handleContact(
      request,
      depsWith(async () => ({ id: 1, message: null })),
    )
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/?error=failed#contact-form')
  })

  it('answers a broken JSON body with its error', async () => {
    const response = await handleContact(
      json('{'),
      depsWith(async () => ({ id: 1, message: null })),
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ ok: false, errors: [{ code: 'INVALID_JSON' }] })
  })
})

describe('validateContact with odd JSON', () => {
  it('treats null like a missing field and refuses other types', () => {
    const result = validateContact({ name: null, email: 42, message: ['x'] })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.errors.find((error) => error.field === 'name')?.message).toBe('Please tell us your name.')
      expect(result.errors.map((error) => error.field)).toEqual(['name', 'email', 'message'])
    }
  })
})
