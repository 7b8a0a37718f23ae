// Server-rendered site: every page asks the CMS at request time, so content changes show
// without a rebuild. The Node adapter in standalone mode gives `node dist/server/entry.mjs`.
import node from '@astrojs/node'
import preact from '@astrojs/preact'
import { defineConfig } from 'astro/config'

import { staticExport, staticSiteUrl } from './static-export.config.mjs'

/**
 * Bundles every dependency into the production server. In this npm workspace, packages are
 * hoisted to the root, where some of Astro's own dependencies exist in other major versions
 * (e.g. `cookie` 0.7 for Express next to the 2.x Astro needs); an externalised import from
 * dist/ would pick the wrong one and the server would not start. Bundling resolves each
 * import from its importer, and dist/ then runs without node_modules. Build only: the dev
 * server cannot run CommonJS packages bundled this way.
 */
const selfContainedServer = {
  name: 'mspn:self-contained-server',
  hooks: {
    'astro:config:setup': ({ command, updateConfig }) => {
      if (command === 'build') updateConfig({ vite: { ssr: { noExternal: true } } })
    },
  },
}

/**
 * Islands are written against React's API (hooks from 'react') and rendered by Preact through
 * preact/compat: the same components ship about a fifth of React's runtime. Tests render them
 * the same way (vitest.config.ts aliases react to preact/compat too).
 */
const islandsOnPreact = preact({ compat: true })

export default defineConfig({
  output: 'server',
  site: staticSiteUrl(),
  adapter: node({ mode: 'standalone' }),
  integrations: [islandsOnPreact, selfContainedServer, staticExport()],
  // No page is written in Markdown; Shiki's inline styles would also break the CSP below.
  markdown: { syntaxHighlight: false },
  security: {
    /**
     * Content-Security-Policy on every page, as a response header: `script-src` and `style-src`
     * list 'self' and the hashes of the scripts and styles Astro emits (island hydration, the
     * contact form enhancer, the live preview listener), so no inline script runs unless Astro
     * put it there. The directives below are fixed; BaseLayout adds the ones that depend on
     * run-time settings (CMS images and API, analytics, error reporting: layouts/contentSecurity.ts),
     * and the middleware adds frame-ancestors (server/securityHeaders.ts). Not applied by `astro dev`.
     */
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
      ],
    },
  },
})
