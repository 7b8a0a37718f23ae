/**
 * The only reader of process.env in the site. Settings are read at run time (not inlined at
 * build time) so one build can point at any CMS. They are validated once, when this module is
 * first loaded (Astro loads page code on the first request), and a bad value fails every
 * request with a message naming the variable, rather than producing subtly wrong pages.
 */
import { z } from 'zod'

/** Deployment tools often set a variable to '' to mean "unset". */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value)

const secret = z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional())
const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, message: `must be an http(s) URL such as ${example}` })

const fields = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.string().default('development')),
  /**
   * Same meaning as the CMS's: `staging` and `production` demand PREVIEW_SECRET and send HSTS.
   */
  APP_ENV: z.preprocess(
    blankToUndefined,
    z.enum(['development', 'staging', 'production', 'test']).default('development'),
  ),
  /**
   * The site's own public origin. Canonical and Open Graph URLs, the sitemap, the feed and
   * robots.txt are built from it, never from the request's Host header (which the visitor picks).
   */
  SITE_URL: z.preprocess(blankToUndefined, httpUrl('https://www.example.com').default('http://localhost:4321')),
  /** Origin of the CMS, without the /api/v1 prefix. */
  CMS_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:3000' })
      .default('http://127.0.0.1:3000'),
  ),
  CMS_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(60_000).default(5000)),
  CMS_RETRIES: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(5).default(2)),
  /**
   * Origin of the CMS as the visitor's browser reaches it (the API explorer demo fetches from
   * there). Unset means CMS_URL; see `cmsPublicUrl`. Set it when the site talks to the CMS
   * over a private address, e.g. CMS_URL=http://cms:3000, CMS_PUBLIC_URL=https://cms.example.com.
   */
  CMS_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://cms.example.com' }).optional(),
  ),
  /**
   * Shared with the CMS: signs `POST /_cache/invalidate`. Unset, the endpoint answers 503 and
   * cached routes expire on their own.
   */
  REVALIDATE_SECRET: secret,
  /**
   * Shared with the CMS: checks the signed token of draft-preview links (`/preview?token=…`),
   * which the site hands back to the CMS to read that one draft. Unset, /preview answers 503.
   * Required when APP_ENV is staging or production.
   */
  PREVIEW_SECRET: secret,
  /**
   * Page renders (route-cache misses) one visitor may cause a minute; over it they get a small
   * 429 page with no CMS call, while cache hits and other visitors are unaffected.
   */
  SITE_RENDER_LIMIT_PER_MINUTE: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1).max(1_000_000).default(120),
  ),
  /**
   * Reverse proxies in front of the site that append to X-Forwarded-For: the visitor is the
   * address that many hops back. Default 0: the socket address, and the header is ignored.
   */
  SITE_TRUST_PROXY: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10).default(0)),
  /** Domain to report to a Plausible-style analytics script; unset, no analytics at all. */
  PUBLIC_ANALYTICS_DOMAIN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z0-9.-]{1,253}$/i, 'must be a domain name such as example.com')
      .optional(),
  ),
  /** Where that script is served from. */
  PUBLIC_ANALYTICS_SCRIPT_URL: z.preprocess(
    blankToUndefined,
    httpUrl('https://plausible.io/js/script.js').default('https://plausible.io/js/script.js'),
  ),
  /** Browser error reporting (the SDK is loaded lazily); unset, no reporting script and no CSP allowance. */
  SENTRY_DSN: z.preprocess(blankToUndefined, httpUrl('https://key@o1.ingest.sentry.io/1').optional()),
})

const envSchema = fields.superRefine((values, context) => {
  if ((values.APP_ENV === 'production' || values.APP_ENV === 'staging') && values.PREVIEW_SECRET === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['PREVIEW_SECRET'],
      message: `is required when APP_ENV=${values.APP_ENV} (the same value as the CMS's)`,
    })
  }
  if ((values.APP_ENV === 'production' || values.APP_ENV === 'staging') && values.REVALIDATE_SECRET === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['REVALIDATE_SECRET'],
      message: `is required when APP_ENV=${values.APP_ENV} (the same value as the CMS's: it signs cache purges and the site's identity)`,
    })
  }
})

export type Env = z.output<typeof envSchema>

/** Parses a raw environment; throws one error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
  throw new Error(`Invalid site environment:\n${problems.join('\n')}`)
}

export const env: Env = parseEnv(process.env)

/** The CMS origin for browsers: CMS_PUBLIC_URL, else CMS_URL; without a trailing slash. */
export function cmsPublicUrl(settings: Pick<Env, 'CMS_URL' | 'CMS_PUBLIC_URL'> = env): string {
  return (settings.CMS_PUBLIC_URL ?? settings.CMS_URL).replace(/\/+$/, '')
}

/** The site's public origin from SITE_URL, e.g. `https://www.example.com` (no path, no slash). */
export function siteOrigin(settings: Pick<Env, 'SITE_URL'> = env): string {
  return new URL(settings.SITE_URL).origin
}
