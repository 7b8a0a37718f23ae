import type { Request, Response } from 'express'
import { describe, expect, it, vi } from 'vitest'

import {
  CLIENT_ADDRESS_HEADER,
  clientIdentity,
  isSiteOwnRequest,
  SITE_CLIENT_ADDRESS,
} from '../../src/server/limits/clientIdentity'
import { SITE_IDENTITY_HEADER, signSiteIdentity, siteIdentityKey } from '@mspn/contract/site-identity'

const SECRET = 'client-identity-unit-secret-0123456789abcdef'
const NOW = 1_700_000_000

function run(headers: Record<string, string | string[]>, siteSecret: string | undefined) {
  const debug = vi.fn()
  const req = { ip: '192.0.2.1', socket: {}, headers: { ...headers } } as unknown as Request
  const res = { locals: { requestId: 'r1' } } as unknown as Response
  const next = vi.fn()
  clientIdentity({ siteSecret, logger: { debug } as never, now: () => NOW })(req, res, next)
  expect(next).toHaveBeenCalledOnce()
  return { locals: res.locals, headers: req.headers, debug }
}

const signed = (visitor = '', t = NOW) => ({
  [SITE_IDENTITY_HEADER]: signSiteIdentity(siteIdentityKey(SECRET), visitor, t),
})

describe('clientIdentity', () => {
  it('is the socket address without a site identity, whatever internal header a caller sent', () => {
    const { locals, headers, debug } = run({ [CLIENT_ADDRESS_HEADER]: '203.0.113.1' }, SECRET)
    expect(locals).toMatchObject({ clientAddress: '192.0.2.1', viaSite: false })
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe('192.0.2.1')
    expect(debug).not.toHaveBeenCalled()
  })

  it('takes the signed visitor address, or the site key for its own reads, and drops the header', () => {
    const visitor = run(signed('203.0.113.5'), SECRET)
    expect(visitor.locals).toMatchObject({ clientAddress: '203.0.113.5', viaSite: true })
    expect(visitor.headers[CLIENT_ADDRESS_HEADER]).toBe('203.0.113.5')
    expect(visitor.headers[SITE_IDENTITY_HEADER]).toBeUndefined()
    expect(isSiteOwnRequest(visitor.locals)).toBe(false)
    const site = run(signed(), SECRET)
    expect(site.locals).toMatchObject({ clientAddress: SITE_CLIENT_ADDRESS, viaSite: true })
    expect(isSiteOwnRequest(site.locals)).toBe(true)
  })

  it('ignores forged, expired and malformed identities, and any without a configured secret, with a debug line', () => {
    const cases: [Record<string, string | string[]>, string | undefined, string][] = [
      [
        {
          [SITE_IDENTITY_HEADER]: signSiteIdentity(
            siteIdentityKey('another-secret-0123456789abcdefghijkl'),
            '203.0.113.5',
            NOW,
          ),
        },
        SECRET,
        'mismatch',
      ],
      [signed('203.0.113.5', NOW - 120), SECRET, 'expired'],
      [{ [SITE_IDENTITY_HEADER]: 'site please' }, SECRET, 'malformed'],
      [signed('203.0.113.5'), undefined, 'no site secret'],
    ]
    for (const [headers, secret, reason] of cases) {
      const { locals, debug } = run(headers, secret)
      expect(locals).toMatchObject({ clientAddress: '192.0.2.1', viaSite: false })
      expect(isSiteOwnRequest(locals)).toBe(false)
      expect(debug).toHaveBeenCalledWith(expect.objectContaining({ reason, ip: '192.0.2.1' }), 'site identity ignored')
    }
  })
})
