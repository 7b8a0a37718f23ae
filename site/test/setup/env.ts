/**
 * Every test file starts from the same environment, whatever the developer's shell exports:
 * the site's settings (src/env.ts) are cleared, so a test that needs one sets it itself
 * (`vi.stubEnv`). Without this, e.g. an exported REVALIDATE_SECRET turns an expected 503 into 401.
 * Processes the end-to-end tests start get their environment spelled out, not inherited.
 */
const SITE_SETTINGS = [
  'APP_ENV',
  'SITE_URL',
  'CMS_URL',
  'CMS_TIMEOUT_MS',
  'CMS_RETRIES',
  'CMS_PUBLIC_URL',
  'REVALIDATE_SECRET',
  'PREVIEW_SECRET',
  'SITE_RENDER_LIMIT_PER_MINUTE',
  'SITE_TRUST_PROXY',
  'PUBLIC_ANALYTICS_DOMAIN',
  'PUBLIC_ANALYTICS_SCRIPT_URL',
  'SENTRY_DSN',
  'SITE_BUILD',
]

for (const name of SITE_SETTINGS) delete process.env[name]
