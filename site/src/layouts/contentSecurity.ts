/**
 * The parts of each page's Content-Security-Policy that depend on run-time settings. Astro
 * (`security.csp` in astro.config.mjs) writes `script-src` and `style-src` with the hashes of
 * its own scripts and styles; the fixed directives are in the config too. BaseLayout adds
 * these: where images and API calls may go (the CMS), and the analytics and error-reporting
 * hosts only when they are configured, so an unset ID leaves no allowance behind.
 */
import type { Env } from '../env.ts'
import { cmsPublicUrl } from '../env.ts'

export interface PageCsp {
  /** Extra `script-src` sources. */
  scriptResources: string[]
  /** Whole directives, e.g. `img-src 'self' data: https://cms.example.com`. */
  directives: (`img-src ${string}` | `connect-src ${string}`)[]
}

type CspSettings = Pick<
  Env,
  'CMS_URL' | 'CMS_PUBLIC_URL' | 'PUBLIC_ANALYTICS_DOMAIN' | 'PUBLIC_ANALYTICS_SCRIPT_URL' | 'SENTRY_DSN'
>

export function pageCsp(settings: CspSettings): PageCsp {
  const cms = new URL(cmsPublicUrl(settings)).origin
  const scriptResources: string[] = []
  const connect = ["'self'", cms]
  if (settings.PUBLIC_ANALYTICS_DOMAIN) {
    const analytics = new URL(settings.PUBLIC_ANALYTICS_SCRIPT_URL).origin
    scriptResources.push(analytics)
    connect.push(analytics)
  }
  if (settings.SENTRY_DSN) connect.push(new URL(settings.SENTRY_DSN).origin)
  return {
    scriptResources,
    directives: [`img-src 'self' data: ${cms}`, `connect-src ${[...new Set(connect)].join(' ')}`],
  }
}
