import { describe, expect, it } from 'vitest'

import {
  checkContact,
  checkField,
  interpretContactReply,
  isBudget,
  rateLimitedMessage,
  retryMinutes,
  statusMessage,
} from '../../src/contact/rules.ts'

describe('contact rules', () => {
  it('checks each field like the CMS does', () => {
    expect(checkField('name', '  ')).toMatch(/name/)
    expect(checkField('name', 'Ada')).toBeNull()
    expect(checkField('name', 'x'.repeat(121))).toMatch(/120/)
    expect(checkField('email', '')).toMatch(/email address/)
    expect(checkField('email', 'ada@example')).toMatch(/does not look right/)
    expect(checkField('email', 'ada@example.com')).toBeNull()
    expect(checkField('company', undefined)).toBeNull()
    expect(checkField('message', 'too short')).toMatch(/at least 10/)
    expect(checkField('message', ' 0123456789 ')).toBeNull()
    expect(checkField('message', 'x'.repeat(5001))).toMatch(/5000/)
    expect(checkField('budget', '')).toBeNull()
    expect(checkField('budget', 'over-150k')).toBeNull()
    expect(checkField('budget', 'lots')).toMatch(/budget/)
  })

  it('lists every problem in form order', () => {
    expect(checkContact({ name: '', email: 'x', message: '' }).map((problem) => problem.field)).toEqual([
      'name',
      'email',
      'message',
    ])
    expect(checkContact({ name: 'Ada', email: 'ada@example.com', message: 'Long enough message' })).toEqual([])
  })

  it('knows the budget ranges', () => {
    expect(isBudget('unsure')).toBe(true)
    expect(isBudget('free')).toBe(false)
    expect(isBudget(5)).toBe(false)
  })
})

describe('rate limit wording', () => {
  it('rounds up to whole minutes', () => {
    expect(retryMinutes(1)).toBe(1)
    expect(retryMinutes(60)).toBe(1)
    expect(retryMinutes(61)).toBe(2)
    expect(retryMinutes(null)).toBeNull()
    expect(retryMinutes(0)).toBeNull()
  })

  it('says when to try again and how else to reach us', () => {
    expect(rateLimitedMessage(1800, 'hello@mspn.dev')).toBe(
      'You have sent several messages recently — please try again in 30 minutes or email us at hello@mspn.dev.',
    )
    expect(rateLimitedMessage(60)).toBe(
      'You have sent several messages recently — please try again in 1 minute or email us.',
    )
    expect(rateLimitedMessage(undefined)).toMatch(/a little later/)
  })
})

describe('statusMessage', () => {
  it('has a sentence for every code and a default', () => {
    for (const code of ['validation', 'spam', 'too_fast', 'offline', 'unavailable', 'failed', 'weird', null]) {
      expect(statusMessage(code, { email: 'a@b.co' }).length).toBeGreaterThan(10)
    }
    expect(statusMessage('rate_limited', { retryAfterSeconds: 120 })).toMatch(/2 minutes/)
    expect(statusMessage('unavailable', { email: 'a@b.co' })).toMatch(/a@b\.co/)
  })
})

describe('interpretContactReply', () => {
  it('reads success', () => {
    expect(interpretContactReply(200, { ok: true }, null)).toEqual({ kind: 'sent' })
  })

  it('reads field errors', () => {
    const reply = interpretContactReply(
      400,
      { ok: false, errors: [{ field: 'email', message: 'Bad email', code: 'VALIDATION_ERROR' }] },
      null,
    )
    expect(reply).toMatchObject({ kind: 'fields', errors: [{ field: 'email', message: 'Bad email' }] })
  })

  it('reads 429 with Retry-After', () => {
    expect(
      interpretContactReply(429, { ok: false, errors: [{ code: 'RATE_LIMITED', message: 'x' }] }, '600', 'hi@x.io'),
    ).toEqual({
      kind: 'message',
      code: 'rate_limited',
      message: 'You have sent several messages recently — please try again in 10 minutes or email us at hi@x.io.',
    })
  })

  it('reads anti-spam and server failures', () => {
    expect(interpretContactReply(400, { ok: false, errors: [{ code: 'TOO_FAST', message: 'x' }] }, null)).toMatchObject(
      { code: 'too_fast' },
    )
    expect(
      interpretContactReply(400, { ok: false, errors: [{ code: 'SPAM_SUSPECTED', message: 'x' }] }, null),
    ).toMatchObject({ code: 'spam' })
    expect(
      interpretContactReply(503, { ok: false, errors: [{ code: 'UNAVAILABLE', message: 'x' }] }, '30'),
    ).toMatchObject({ code: 'unavailable' })
    expect(interpretContactReply(502, null, null)).toMatchObject({ code: 'unavailable' })
    expect(interpretContactReply(418, 'teapot', null)).toMatchObject({ code: 'failed' })
  })
})
