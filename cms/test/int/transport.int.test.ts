/**
 * Transport rules: behind a trusted TLS proxy in production, plain-http requests are sent to
 * PUBLIC_URL over https (never to the Host the caller named); probes stay on http; nothing but
 * the admin itself may frame the admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestCms, type TestCms } from '../helpers/cms'

let cms: TestCms
let behindProxy: string

beforeAll(async () => {
  cms = await startTestCms()
  behindProxy = await cms.extraApp({
    APP_ENV: 'production',
    PREVIEW_SECRET: 'p'.repeat(40),
    REVALIDATE_SECRET: 'r'.repeat(40),
    PUBLIC_URL: 'https://cms.example.com',
    TRUST_PROXY: '1',
    RATE_LIMIT_API_PER_MINUTE: '100000',
  })
})

afterAll(async () => {
  await cms?.stop()
})

const origin = (api: string) => api.replace(/\/api\/v1$/, '')

describe('https behind a trusted proxy', () => {
  it('redirects a plain-http request with 308 to the same path on PUBLIC_URL, whatever the Host header says', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await fetch(`${behindProxy}/posts?limit=1&depth=0`, {
        method,
        redirect: 'manual',
        headers: { 'x-forwarded-proto': 'http', host: 'evil.example', 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      })
      expect(response.status).toBe(308)
      expect(response.headers.get('location')).toBe('https://cms.example.com/api/v1/posts?limit=1&depth=0')
      expect(response.headers.get('x-request-id')).toBeTruthy()
    }
  })

  it('serves requests that arrived over https, and probes over http', async () => {
    const secure = await fetch(`${behindProxy}/posts?limit=1&depth=0`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(secure.status).toBe(200)
    expect(secure.headers.get('strict-transport-security')).toContain('max-age=')
    const health = await fetch(`${origin(behindProxy)}/health`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'http' },
    })
    expect(health.status).toBe(200)
  })

  it('does not redirect where no proxy is trusted (the test app), even if a caller claims http', async () => {
    const response = await fetch(`${cms.api}/posts?limit=1&depth=0`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'http' },
    })
    expect(response.status).toBe(200)
  })
})

describe('framing', () => {
  it('lets only the admin itself frame the admin, while the admin may frame the site (live preview)', async () => {
    const response = await fetch(`${cms.url}/admin`, { redirect: 'manual' })
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/frame-ancestors 'self'(;|$)/)
    expect(csp).toContain(`frame-src 'self' ${cms.env.siteUrl}`)
    const api = await fetch(`${cms.api}/posts?limit=1`)
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })
})
