import { describe, expect, it } from 'vitest'

import { API_ERROR_CODES, ERROR_CODES, ERRORS, errorEntry, isErrorCode } from '../src/errors'

describe('the error catalogue', () => {
  it('gives every entry a 4xx or 5xx status, a message and a hint', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(20)
    for (const code of ERROR_CODES) {
      const entry = ERRORS[code]
      expect(entry.code, code).toBe(code)
      expect(
        Number.isInteger(entry.status) && entry.status >= 400 && entry.status <= 599,
        `${code} status ${entry.status}`,
      ).toBe(true)
      expect(entry.message.trim(), `${code} message`).not.toBe('')
      expect(entry.hint.trim(), `${code} hint`).not.toBe('')
      // A hint says what to do next, not the message again.
      expect(entry.hint, `${code} hint`).not.toBe(entry.message)
    }
  })

  it('has unique UPPER_SNAKE codes', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/)
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    expect(new Set(ERROR_CODES.map((code) => code.toLowerCase())).size).toBe(ERROR_CODES.length)
  })

  it('recognises its own codes only', () => {
    expect(isErrorCode('TOO_FAST')).toBe(true)
    expect(isErrorCode('too_fast')).toBe(false)
    expect(isErrorCode('toString')).toBe(false)
    expect(isErrorCode(429)).toBe(false)
    expect(errorEntry('RATE_LIMITED')).toMatchObject({ code: 'RATE_LIMITED', status: 429 })
    expect(errorEntry('HTTP_502')).toBeUndefined()
  })

  it('leaves the site-only codes out of the API list', () => {
    expect(API_ERROR_CODES).toContain('DATABASE_UNAVAILABLE')
    expect(API_ERROR_CODES).not.toContain('CMS_UNAVAILABLE')
    expect(
      ERROR_CODES.filter((code) => !API_ERROR_CODES.includes(code)).every(
        (code) => (ERRORS[code] as { siteOnly?: boolean }).siteOnly,
      ),
    ).toBe(true)
  })

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(ERRORS)).toBe(true)
    expect(Object.isFrozen(ERRORS.RATE_LIMITED)).toBe(true)
  })
})
