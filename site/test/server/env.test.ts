import { describe, expect, it } from 'vitest';

import { cmsPublicUrl, parseEnv } from '../../src/env.ts';

describe('server settings in env.ts', () => {
  it('leaves REVALIDATE_SECRET and CMS_PUBLIC_URL unset by default', () => {
    const env = parseEnv({});
    expect(env.REVALIDATE_SECRET).toBeUndefined();
    expect(env.CMS_PUBLIC_URL).toBeUndefined();
  });

  it('accepts a long enough secret and refuses a short one', () => {
    expect(parseEnv({ REVALIDATE_SECRET: 'x'.repeat(32) }).REVALIDATE_SECRET).toBe('x'.repeat(32));
    expect(parseEnv({ REVALIDATE_SECRET: '' }).REVALIDATE_SECRET).toBeUndefined();
    expect(() => parseEnv({ REVALIDATE_SECRET: 'short' })).toThrow(/REVALIDATE_SECRET: must be at least 32 characters/);
  });

  it('requires CMS_PUBLIC_URL to be an http(s) URL', () => {
    expect(parseEnv({ CMS_PUBLIC_URL: 'https://cms.example.com' }).CMS_PUBLIC_URL).toBe('https://cms.example.com');
    expect(() => parseEnv({ CMS_PUBLIC_URL: 'cms.example.com' })).toThrow(/CMS_PUBLIC_URL/);
  });

  it('gives browsers CMS_PUBLIC_URL, else CMS_URL, without a trailing slash', () => {
    expect(cmsPublicUrl(parseEnv({ CMS_URL: 'http://cms:3000/' }))).toBe('http://cms:3000');
    expect(cmsPublicUrl(parseEnv({ CMS_URL: 'http://cms:3000', CMS_PUBLIC_URL: 'https://cms.example.com/' }))).toBe('https://cms.example.com');
  });
});
