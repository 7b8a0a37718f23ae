import { describe, expect, it } from 'vitest'

import { env, parseEnv } from '../src/env.ts'

describe('parseEnv', () => {
  it('defaults to a local CMS', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'development',
      CMS_URL: 'http://127.0.0.1:3000',
      CMS_TIMEOUT_MS: 5000,
      CMS_RETRIES: 2,
      APP_ENV: 'development',
      SITE_URL: 'http://localhost:4321',
      PUBLIC_ANALYTICS_SCRIPT_URL: 'https://plausible.io/js/script.js',
      SITE_RENDER_LIMIT_PER_MINUTE: 120,
      SITE_TRUST_PROXY: 0,
    })
  })

  it('reads the render budget and the trusted proxy hops', () => {
    expect(parseEnv({ SITE_RENDER_LIMIT_PER_MINUTE: '30', SITE_TRUST_PROXY: '2' })).toMatchObject({
      SITE_RENDER_LIMIT_PER_MINUTE: 30,
      SITE_TRUST_PROXY: 2,
    })
    expect(() => parseEnv({ SITE_RENDER_LIMIT_PER_MINUTE: '0' })).toThrow(/SITE_RENDER_LIMIT_PER_MINUTE/)
    expect(() => parseEnv({ SITE_TRUST_PROXY: '-1' })).toThrow(/SITE_TRUST_PROXY/)
  })

  it('treats blank values as unset and coerces numbers', () => {
    expect(parseEnv({ CMS_URL: '', CMS_TIMEOUT_MS: '1500', CMS_RETRIES: '0' })).toMatchObject({
      CMS_URL: 'http://127.0.0.1:3000',
      CMS_TIMEOUT_MS: 1500,
      CMS_RETRIES: 0,
    })
  })

  it('lists every bad variable at once', () => {
    expect(() => parseEnv({ CMS_URL: 'ftp://cms', CMS_RETRIES: '9' })).toThrow(
      /CMS_URL: must be an http\(s\) URL[\s\S]*CMS_RETRIES/,
    )
  })

  it('is read once at start-up (vitest sets NODE_ENV=test)', () => {
    expect(env.NODE_ENV).toBe('test')
  })
})
