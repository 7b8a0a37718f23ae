import { describe, expect, it } from 'vitest'

import { HSTS, NO_INDEX, securityHeaders, securityHeadersFor } from '../../src/server/securityHeaders.ts'

const options = { production: false, cmsOrigin: 'https://cms.example.com' }

describe('security headers', () => {
  it('deny framing everywhere but the draft preview, which only the CMS may frame', () => {
    expect(securityHeadersFor('/blog/x', options)).toMatchObject({
      'Content-Security-Policy': "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    })
    const preview = securityHeadersFor('/preview', options)
    expect(preview['Content-Security-Policy']).toBe(
      "frame-ancestors https://cms.example.com; base-uri 'self'; object-src 'none'",
    )
    expect(preview['X-Frame-Options']).toBeUndefined()
    expect(securityHeadersFor('/preview/', options)['X-Frame-Options']).toBeUndefined()
    expect(securityHeadersFor('/previews', options)['X-Frame-Options']).toBe('DENY')
  })

  it('sends HSTS in production only and turns off unused browser features', () => {
    expect(securityHeadersFor('/', options)['Strict-Transport-Security']).toBeUndefined()
    expect(securityHeadersFor('/', { ...options, production: true })['Strict-Transport-Security']).toBe(HSTS)
    expect(securityHeadersFor('/', options)['Permissions-Policy']).toMatch(/camera=\(\).*geolocation=\(\)/)
  })

  it('asks search engines not to index a staging site, on every path', () => {
    expect(securityHeadersFor('/', options)['X-Robots-Tag']).toBeUndefined()
    for (const path of ['/', '/blog/x', '/preview', '/robots.txt'])
      expect(securityHeadersFor(path, { ...options, noIndex: true })['X-Robots-Tag']).toBe(NO_INDEX)
    expect(NO_INDEX).toBe('noindex, nofollow')
  })

  it('adds its policy next to the page’s own CSP, keeps a page’s referrer policy, and copes with immutable headers', async () => {
    const middleware = securityHeaders(options)
    const context = { url: new URL('http://site.test/preview') } as never
    const page = new Response('<p>draft</p>', {
      headers: { 'content-security-policy': "script-src 'self' 'sha256-abc'", 'referrer-policy': 'no-referrer' },
    })
    const answered = (await middleware(context, async () => page)) as Response
    expect(answered.headers.get('content-security-policy')).toBe(
      "script-src 'self' 'sha256-abc', frame-ancestors https://cms.example.com; base-uri 'self'; object-src 'none'",
    )
    expect(answered.headers.get('referrer-policy')).toBe('no-referrer')
    // A rewrite passes the same response through the middleware again: still one frame-ancestors.
    const again = (await middleware(context, async () => answered)) as Response
    expect(again.headers.get('content-security-policy')?.match(/frame-ancestors/g)).toHaveLength(1)

    const redirect = Response.redirect('http://site.test/', 302)
    const copied = (await middleware(
      { url: new URL('http://site.test/old') } as never,
      async () => redirect,
    )) as Response
    expect(copied.status).toBe(302)
    expect(copied.headers.get('x-frame-options')).toBe('DENY')
    expect(copied.headers.get('location')).toBe('http://site.test/')
  })
})
