import { afterEach, describe, expect, it, vi } from 'vitest'

import { DEFAULT_TOLERANCE_SECONDS, signPayload, verifySignature } from '../src/signature'

const SECRET = 'test-secret-0123456789abcdefghijklmnop'
const OTHER_SECRET = 'another-secret-abcdefghijklmnopqrstuvwxyz'
const BODY = '{"tags":["posts"]}'
const T = 1_700_000_000
/** Computed independently: printf '%s' '1700000000.{"tags":["posts"]}' | openssl dgst -sha256 -hmac "$SECRET" */
const KNOWN_V1 = '763dfec3f8e6d818e14dba3baeb886d92a735f5634a7fad8d1ad13e2b22f1b40'

function v1Of(header: string): string {
  const match = /v1=([0-9a-f]+)/.exec(header)
  if (!match?.[1]) throw new Error(`no v1 in ${header}`)
  return match[1]
}

afterEach(() => {
  vi.useRealTimers()
})

describe('signPayload', () => {
  it('produces t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    expect(signPayload(SECRET, BODY, T)).toBe(`t=${T},v1=${KNOWN_V1}`)
  })

  it('defaults the timestamp to the current time in whole seconds', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date(T * 1000 + 999))
    expect(signPayload(SECRET, BODY)).toBe(`t=${T},v1=${KNOWN_V1}`)
  })

  it('rejects timestamps that are not non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => signPayload(SECRET, BODY, bad)).toThrow(RangeError)
    }
  })
})

describe('verifySignature', () => {
  it('accepts its own signature (round trip) and returns the timestamp', () => {
    const header = signPayload(SECRET, BODY, T)
    expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: true, timestamp: T })
  })

  it('accepts the independently computed known answer', () => {
    expect(verifySignature(SECRET, `t=${T},v1=${KNOWN_V1}`, BODY, { now: T })).toEqual({ ok: true, timestamp: T })
  })

  it('uses the current time when no clock is given', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date((T + 10) * 1000))
    expect(verifySignature(SECRET, signPayload(SECRET, BODY, T), BODY)).toEqual({ ok: true, timestamp: T })
    vi.setSystemTime(new Date((T + DEFAULT_TOLERANCE_SECONDS + 1) * 1000))
    expect(verifySignature(SECRET, signPayload(SECRET, BODY, T), BODY)).toEqual({ ok: false, reason: 'stale' })
  })

  it('rejects a tampered body', () => {
    const header = signPayload(SECRET, BODY, T)
    for (const body of ['{"tags":["pages"]}', `${BODY} `, '', BODY.slice(0, -1)]) {
      expect(verifySignature(SECRET, header, body, { now: T })).toEqual({ ok: false, reason: 'mismatch' })
    }
  })

  it('rejects a tampered timestamp, since the timestamp is signed too', () => {
    const header = `t=${T + 1},v1=${v1Of(signPayload(SECRET, BODY, T))}`
    expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: false, reason: 'mismatch' })
  })

  it('rejects a signature made with another secret', () => {
    const header = signPayload(OTHER_SECRET, BODY, T)
    expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: false, reason: 'mismatch' })
  })

  it('rejects a flipped hex digit', () => {
    const v1 = KNOWN_V1.slice(0, -1) + (KNOWN_V1.endsWith('0') ? '1' : '0')
    expect(verifySignature(SECRET, `t=${T},v1=${v1}`, BODY, { now: T })).toEqual({ ok: false, reason: 'mismatch' })
  })

  it('treats signatures of the wrong length or alphabet as a mismatch without throwing', () => {
    for (const v1 of [KNOWN_V1.slice(0, -2), `${KNOWN_V1}00`, 'a', 'z'.repeat(64), 'é'.repeat(32)]) {
      expect(verifySignature(SECRET, `t=${T},v1=${v1}`, BODY, { now: T })).toEqual({ ok: false, reason: 'mismatch' })
    }
  })

  it('accepts upper-case hex and spaces around entries', () => {
    const header = ` t = ${T} , v1 = ${KNOWN_V1.toUpperCase()} `
    expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: true, timestamp: T })
  })

  describe('timestamp window (default 300 s)', () => {
    const header = signPayload(SECRET, BODY, T)

    it('accepts a timestamp exactly at the tolerance in the past', () => {
      expect(verifySignature(SECRET, header, BODY, { now: T + 300 })).toEqual({ ok: true, timestamp: T })
    })

    it("rejects a timestamp one second older than the tolerance as 'stale'", () => {
      expect(verifySignature(SECRET, header, BODY, { now: T + 301 })).toEqual({ ok: false, reason: 'stale' })
    })

    it('accepts a timestamp exactly at the tolerance in the future', () => {
      expect(verifySignature(SECRET, header, BODY, { now: T - 300 })).toEqual({ ok: true, timestamp: T })
    })

    it("rejects a timestamp one second beyond the tolerance in the future as 'future'", () => {
      expect(verifySignature(SECRET, header, BODY, { now: T - 301 })).toEqual({ ok: false, reason: 'future' })
    })

    it('honours a custom tolerance, including zero', () => {
      expect(verifySignature(SECRET, header, BODY, { now: T + 60, toleranceSeconds: 60 }).ok).toBe(true)
      expect(verifySignature(SECRET, header, BODY, { now: T + 61, toleranceSeconds: 60 })).toEqual({
        ok: false,
        reason: 'stale',
      })
      expect(verifySignature(SECRET, header, BODY, { now: T, toleranceSeconds: 0 }).ok).toBe(true)
      expect(verifySignature(SECRET, header, BODY, { now: T - 1, toleranceSeconds: 0 })).toEqual({
        ok: false,
        reason: 'future',
      })
    })

    it("reports a forged stale request as 'mismatch', not 'stale'", () => {
      const forged = `t=${T},v1=${'0'.repeat(64)}`
      expect(verifySignature(SECRET, forged, BODY, { now: T + 10_000 })).toEqual({ ok: false, reason: 'mismatch' })
    })

    it('refuses a NaN clock or a negative tolerance instead of accepting everything', () => {
      expect(() => verifySignature(SECRET, header, BODY, { now: Number.NaN })).toThrow(RangeError)
      expect(() => verifySignature(SECRET, header, BODY, { now: T, toleranceSeconds: Number.NaN })).toThrow(RangeError)
      expect(() => verifySignature(SECRET, header, BODY, { now: T, toleranceSeconds: -1 })).toThrow(RangeError)
    })
  })

  describe('secret rotation', () => {
    const oldSignature = v1Of(signPayload(OTHER_SECRET, BODY, T))
    const newSignature = v1Of(signPayload(SECRET, BODY, T))
    const header = `t=${T},v1=${oldSignature},v1=${newSignature}`

    it('accepts the header under either secret', () => {
      expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: true, timestamp: T })
      expect(verifySignature(OTHER_SECRET, header, BODY, { now: T })).toEqual({ ok: true, timestamp: T })
    })

    it('accepts the matching signature in any position', () => {
      const reversed = `v1=${newSignature},t=${T},v1=${oldSignature}`
      expect(verifySignature(OTHER_SECRET, reversed, BODY, { now: T }).ok).toBe(true)
    })

    it('rejects it under a third secret', () => {
      const third = 'a-third-secret-that-matches-neither-0000'
      expect(verifySignature(third, header, BODY, { now: T })).toEqual({ ok: false, reason: 'mismatch' })
    })

    it('ignores unknown schemes such as a future v2', () => {
      expect(verifySignature(SECRET, `t=${T},v2=abc,v1=${newSignature}`, BODY, { now: T }).ok).toBe(true)
    })
  })

  describe('missing and malformed headers', () => {
    it.each([null, undefined, '', '   '])("reports %j as 'missing'", (header) => {
      expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: false, reason: 'missing' })
    })

    it.each([
      ['no t', `v1=${KNOWN_V1}`],
      ['empty t', `t=,v1=${KNOWN_V1}`],
      ['non-numeric t', `t=abc,v1=${KNOWN_V1}`],
      ['fractional t', `t=${T}.5,v1=${KNOWN_V1}`],
      ['negative t', `t=-${T},v1=${KNOWN_V1}`],
      ['t with leading zero', `t=0${T},v1=${KNOWN_V1}`],
      ['t in exponent form', `t=1.7e9,v1=${KNOWN_V1}`],
      ['absurdly large t', `t=${'9'.repeat(40)},v1=${KNOWN_V1}`],
      ['duplicate t', `t=${T},t=${T},v1=${KNOWN_V1}`],
      ['no v1', `t=${T}`],
      ['only unknown signatures', `t=${T},v0=${KNOWN_V1}`],
      ['empty v1', `t=${T},v1=`],
      ['entry without =', `t=${T},v1=${KNOWN_V1},junk`],
      ['trailing comma', `t=${T},v1=${KNOWN_V1},`],
      ['semicolon separators', `t=${T};v1=${KNOWN_V1}`],
      ['garbage', 'garbage'],
      ['bearer token', 'Bearer abc.def.ghi'],
      ['oversized', `t=${T},${`v1=${KNOWN_V1},`.repeat(100)}v1=${KNOWN_V1}`],
    ])("reports %s as 'malformed'", (_label, header) => {
      expect(verifySignature(SECRET, header, BODY, { now: T })).toEqual({ ok: false, reason: 'malformed' })
    })
  })

  describe('secret length', () => {
    const shortSecret = 'x'.repeat(31)

    it('throws a clear error for a secret under 32 characters, in both functions', () => {
      expect(() => signPayload(shortSecret, BODY, T)).toThrow(/at least 32 characters/)
      expect(() => verifySignature(shortSecret, `t=${T},v1=${KNOWN_V1}`, BODY, { now: T })).toThrow(
        /at least 32 characters/,
      )
      expect(() => verifySignature('', null, BODY)).toThrow(/at least 32 characters/)
    })

    it('throws for a non-string secret (e.g. an unset environment variable)', () => {
      expect(() => signPayload(undefined as unknown as string, BODY, T)).toThrow(/at least 32 characters/)
      expect(() => verifySignature(undefined as unknown as string, null, BODY)).toThrow(/at least 32 characters/)
    })

    it('accepts a secret of exactly 32 characters', () => {
      const secret = 'y'.repeat(32)
      expect(verifySignature(secret, signPayload(secret, BODY, T), BODY, { now: T }).ok).toBe(true)
    })

    it('does not put the secret in the error message', () => {
      expect(() => signPayload(shortSecret, BODY, T)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining(shortSecret) }),
      )
    })
  })
})
