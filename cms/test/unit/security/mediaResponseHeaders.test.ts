/** Headers on served media files, alt/caption text validation and the multipart error mapping. */
import { describe, expect, it } from 'vitest'
import { ERRORS } from '@mspn/contract/errors'

import { MEDIA_FILE_CSP, mediaResponseHeaders } from '../../../src/collections/Media/responseHeaders'
import { hasControlCharacter } from '../../../src/fields/plainText'
import { malformedMultipart } from '../../../src/uploads/malformedMultipart'
import { normalizePayloadError } from '../../../src/server/errors'
import { uploadError } from '../../../src/uploads/uploadError'

describe('mediaResponseHeaders', () => {
  it('forbids sniffing and active content on images, shown inline', () => {
    const headers = mediaResponseHeaders({ headers: new Headers({ 'Content-Type': 'image/png' }) })
    expect(headers.get('x-content-type-options')).toBe('nosniff')
    expect(headers.get('content-security-policy')).toBe(MEDIA_FILE_CSP)
    expect(MEDIA_FILE_CSP).toMatch(/default-src 'none'/)
    expect(MEDIA_FILE_CSP).toMatch(/\bsandbox\b/)
    expect(MEDIA_FILE_CSP).not.toMatch(/script-src/)
    expect(headers.get('content-disposition')).toBeNull()
  })

  it.each(['image/svg+xml', 'text/html', 'application/xml', 'application/octet-stream', ''])(
    'makes anything else (%j) a download',
    (type) => {
      const headers = mediaResponseHeaders({ headers: new Headers(type ? { 'Content-Type': type } : {}) })
      expect(headers.get('content-disposition')).toBe('attachment')
      expect(headers.get('content-security-policy')).toBe(MEDIA_FILE_CSP)
    },
  )
})

describe('hasControlCharacter', () => {
  it.each([
    ['plain text', false],
    ['accents é and emoji 🎉', false],
    ['nul\u0000', true],
    ['bell\u0007', true],
    ['line\nbreak', true],
    ['del\u007f', true],
  ])('%j → %s', (value, expected) => expect(hasControlCharacter(value)).toBe(expected))
})

describe('upload errors in the envelope', () => {
  it('keep their status, field and code', () => {
    const error = uploadError(ERRORS.UNSUPPORTED_MEDIA_TYPE, 'Not an image.')
    expect(error.status).toBe(415)
    const body = { errors: [{ name: error.name, message: error.message, data: error.data }] }
    expect(normalizePayloadError(415, body)).toEqual([
      { field: 'file', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Not an image.' },
    ])
  })

  it('field errors without a code stay validation errors', () => {
    expect(
      normalizePayloadError(400, { errors: [{ data: { errors: [{ path: 'alt', message: 'Required.' }] } }] }),
    ).toEqual([{ field: 'alt', code: 'VALIDATION_ERROR', message: 'Required.' }])
  })

  it('a malformed multipart body becomes a 400; other errors are left alone', async () => {
    const args = { context: {}, req: {} as never }
    await expect(malformedMultipart({ ...args, error: new Error('Malformed part header') })).toMatchObject({
      status: 400,
    })
    await expect(malformedMultipart({ ...args, error: new Error('Unexpected end of form') })).toMatchObject({
      status: 400,
    })
    expect(await malformedMultipart({ ...args, error: new Error('connection refused') })).toBeUndefined()
    expect(
      await malformedMultipart({ ...args, error: Object.assign(new Error('Malformed part header'), { status: 413 }) }),
    ).toBeUndefined()
  })
})
