import { describe, expect, it } from 'vitest'

import { cmsPublicUrl, parseEnv, siteOrigin } from '../../src/env.ts'

describe('server settings in env.ts', () => {
  it('leaves REVALIDATE_SECRET and CMS_PUBLIC_URL unset by default', () => {
    const env = parseEnv({})
    expect(env.REVALIDATE_SECRET).toBeUndefined()
    expect(env.CMS_PUBLIC_URL).toBeUndefined()
  })

  it('accepts a long enough secret and refuses a short one', () => {
    expect(parseEnv({ REVALIDATE_SECRET: 'x'.repeat(32) }).REVALIDATE_SECRET).toBe('x'.repeat(32))
    expect(parseEnv({ REVALIDATE_SECRET: '' }).REVALIDATE_SECRET).toBeUndefined()
    expect(() => parseEnv({ REVALIDATE_SECRET: 'short' })).toThrow(/REVALIDATE_SECRET: must be at least 32 characters/)
  })

  it('requires CMS_PUBLIC_URL to be an http(s) URL', () => {
    expect(parseEnv({ CMS_PUBLIC_URL: 'https://cms.example.com' }).CMS_PUBLIC_URL).toBe('https://cms.example.com')
    expect(() => parseEnv({ CMS_PUBLIC_URL: 'cms.example.com' })).toThrow(/CMS_PUBLIC_URL/)
  })

  it('gives browsers CMS_PUBLIC_URL, else CMS_URL, without a trailing slash', () => {
    expect(cmsPublicUrl(parseEnv({ CMS_URL: 'http://cms:3000/' }))).toBe('http://cms:3000')
    expect(cmsPublicUrl(parseEnv({ CMS_URL: 'http://cms:3000', CMS_PUBLIC_URL: 'https://cms.example.com/' }))).toBe(
      'https://cms.example.com',
    )
  })

  it('requires PREVIEW_SECRET and REVALIDATE_SECRET in staging and production, and long ones anywhere', () => {
    expect(parseEnv({}).PREVIEW_SECRET).toBeUndefined()
    expect(parseEnv({}).REVALIDATE_SECRET).toBeUndefined()
    for (const APP_ENV of ['staging', 'production']) {
      expect(() => parseEnv({ APP_ENV })).toThrow(new RegExp(`PREVIEW_SECRET: is required when APP_ENV=${APP_ENV}`))
      expect(() => parseEnv({ APP_ENV, PREVIEW_SECRET: 'p'.repeat(32) })).toThrow(
        new RegExp(`REVALIDATE_SECRET: is required when APP_ENV=${APP_ENV}`),
      )
      const env = parseEnv({ APP_ENV, PREVIEW_SECRET: 'p'.repeat(32), REVALIDATE_SECRET: 'r'.repeat(32) })
      expect([env.PREVIEW_SECRET, env.REVALIDATE_SECRET]).toEqual(['p'.repeat(32), 'r'.repeat(32)])
    }
    expect(() => parseEnv({ REVALIDATE_SECRET: 'short' })).toThrow(/REVALIDATE_SECRET: must be at least 32 characters/)
    expect(() => parseEnv({ PREVIEW_SECRET: 'short' })).toThrow(/PREVIEW_SECRET: must be at least 32 characters/)
    expect(() => parseEnv({ APP_ENV: 'prod' })).toThrow(/APP_ENV/)
  })

  it('pins the site origin to SITE_URL and checks the analytics and Sentry settings', () => {
    expect(siteOrigin(parseEnv({ SITE_URL: 'https://www.example.com/' }))).toBe('https://www.example.com')
    expect(() => parseEnv({ SITE_URL: 'www.example.com' })).toThrow(/SITE_URL/)
    expect(parseEnv({}).PUBLIC_ANALYTICS_DOMAIN).toBeUndefined()
    expect(parseEnv({}).SENTRY_DSN).toBeUndefined()
    expect(parseEnv({ PUBLIC_ANALYTICS_DOMAIN: 'example.com' }).PUBLIC_ANALYTICS_DOMAIN).toBe('example.com')
    expect(() => parseEnv({ PUBLIC_ANALYTICS_DOMAIN: '"><script>' })).toThrow(/PUBLIC_ANALYTICS_DOMAIN/)
    expect(() => parseEnv({ SENTRY_DSN: 'not a dsn' })).toThrow(/SENTRY_DSN/)
  })
})
