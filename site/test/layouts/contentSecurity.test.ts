import { describe, expect, it } from 'vitest'

import { parseEnv } from '../../src/env.ts'
import { pageCsp } from '../../src/layouts/contentSecurity.ts'
import { siteUrlFor } from '../../src/layouts/siteUrl.ts'

describe('run-time CSP directives', () => {
  it('allow the CMS for images and API calls, and nothing for analytics or Sentry when they are unset', () => {
    const csp = pageCsp(parseEnv({ CMS_URL: 'http://cms:3000', CMS_PUBLIC_URL: 'https://cms.example.com/' }))
    expect(csp.scriptResources).toEqual([])
    expect(csp.directives).toEqual([
      "img-src 'self' data: https://cms.example.com",
      "connect-src 'self' https://cms.example.com",
    ])
    expect(csp.directives.join(' ')).not.toMatch(/plausible|sentry/)
  })

  it('allow exactly the analytics and error-reporting hosts once their IDs are set', () => {
    const csp = pageCsp(
      parseEnv({
        PUBLIC_ANALYTICS_DOMAIN: 'example.com',
        SENTRY_DSN: 'https://public@o1.ingest.sentry.io/42',
        CMS_URL: 'https://cms.example.com',
      }),
    )
    expect(csp.scriptResources).toEqual(['https://plausible.io'])
    expect(csp.directives[1]).toBe(
      "connect-src 'self' https://cms.example.com https://plausible.io https://o1.ingest.sentry.io",
    )
  })
})

describe('site URLs', () => {
  it('are built on SITE_URL whatever host the request named', () => {
    expect(siteUrlFor('/blog/x?page=2', 'https://www.example.com').href).toBe('https://www.example.com/blog/x?page=2')
    expect(siteUrlFor(new URL('http://evil.test/about?x=1'), 'https://www.example.com').href).toBe(
      'https://www.example.com/about?x=1',
    )
    // A protocol-relative path cannot switch hosts.
    expect(siteUrlFor('//evil.test/x', 'https://www.example.com').host).toBe('www.example.com')
    expect(siteUrlFor(new URL('http://site.test//evil.test/x'), 'https://www.example.com').host).toBe('www.example.com')
  })
})
