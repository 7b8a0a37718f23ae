/**
 * Starts Sentry once the page is idle, so error reporting never delays the first paint. The DSN
 * comes from the page (`<meta name="mspn:sentry-dsn">`, rendered only when SENTRY_DSN is set).
 */
const dsn = document.querySelector<HTMLMetaElement>('meta[name="mspn:sentry-dsn"]')?.content

function start(): void {
  if (!dsn) return
  void import('@sentry/browser').then(({ init }) => init({ dsn, sendDefaultPii: false, tracesSampleRate: 0 }))
}

if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 5000 })
else setTimeout(start, 2000)
