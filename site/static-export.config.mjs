/**
 * The static export (`npm run build:static`, which sets SITE_BUILD=static): the same pages,
 * prerendered into dist-static/ with content from the content layer (src/content.config.ts)
 * instead of per-request CMS calls. Without SITE_BUILD=static this integration only marks the
 * build as the server one. Kept apart from astro.config.mjs so that file stays about the
 * server build.
 *
 * SITE_URL (default http://localhost:4321) is the public origin, for canonical URLs, the
 * sitemap, robots.txt and the RSS feed, which must be absolute.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

import { fetchRedirects, writeStaticRedirects } from './staticRedirects.mjs'

export const STATIC_OUT_DIR = './dist-static'

/** Text files worth compressing; nginx serves the .br/.gz twins (brotli_static, gzip_static). */
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|txt|svg)$/

/** Writes name.gz and name.br next to every compressible file under `dir` at least 512 bytes long. */
async function precompress(dir) {
  let count = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue
    const file = path.join(entry.parentPath, entry.name)
    const body = await readFile(file)
    if (body.length < 512) continue
    await writeFile(`${file}.gz`, gzipSync(body, { level: 9 }))
    await writeFile(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
    count += 1
  }
  return count
}

const enabled = process.env.SITE_BUILD === 'static'

/**
 * Dynamic pages declare their export paths as `staticPaths`, and only the static export hands them
 * to Astro as `getStaticPaths`: the server build renders those routes on demand, and Astro warns
 * about every page there that exports getStaticPaths (which it would ignore).
 */
const STATIC_PATHS_EXPORT = /^export\s+const\s+staticPaths\b/m
export const staticPathsPlugin = {
  name: 'mspn:static-paths',
  enforce: 'post',
  transform(code, id) {
    if (!id.endsWith('.astro') || !id.includes('/src/pages/') || !STATIC_PATHS_EXPORT.test(code)) return undefined
    return { code: `${code}\nexport { staticPaths as getStaticPaths };\n`, map: null }
  },
}

/**
 * `site` for astro.config.mjs: Astro fixes the origin of prerendered pages before integrations
 * run, so it cannot be set from the hook below. Undefined in the server build, whose URLs come
 * from each request.
 */
export function staticSiteUrl() {
  return enabled ? process.env.SITE_URL || 'http://localhost:4321' : undefined
}

export function staticExport() {
  return {
    name: 'mspn:static-export',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        const define = { 'import.meta.env.SITE_STATIC_EXPORT': JSON.stringify(enabled) }
        if (!enabled) {
          updateConfig({ vite: { define } })
          return
        }
        updateConfig({
          output: 'static',
          outDir: new URL(`${STATIC_OUT_DIR}/`, config.root),
          // The content store (the loaders' incremental state) gets its own directory: a server
          // build in between, which has no collections, would otherwise empty it.
          cacheDir: new URL('./node_modules/.astro-static/', config.root),
          // Directory URLs without a trailing slash (/blog, /blog/page/2), as in the server build.
          trailingSlash: 'never',
          // The files to deploy go straight into dist-static/. The adapter's server half (the
          // contact and cache endpoints, unused by a static deployment) is kept out of it.
          build: {
            format: 'directory',
            client: new URL(`${STATIC_OUT_DIR}/`, config.root),
            server: new URL('./node_modules/.astro-static/server/', config.root),
          },
          // Prerendering imports its own bundle: self-contained, like the server's (see astro.config.mjs).
          vite: {
            define,
            environments: { prerender: { resolve: { noExternal: true } } },
            plugins: [staticPathsPlugin],
          },
        })
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!enabled) return
        // Redirects have no server here: files for the host and meta-refresh pages (staticRedirects.mjs).
        const rules = await fetchRedirects(process.env.CMS_URL || 'http://127.0.0.1:3000')
        const written = await writeStaticRedirects(fileURLToPath(dir), rules, staticSiteUrl())
        logger.info(`redirects: ${written.rules} rules in _redirects and redirects.nginx.conf, ${written.pages} pages`)
        const count = await precompress(fileURLToPath(dir))
        logger.info(`precompressed ${count} files (.gz, .br) for nginx`)
      },
    },
  }
}
