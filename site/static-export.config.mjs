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
import { createHash } from 'node:crypto'
import { access, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

import { fetchRedirects, writeStaticRedirects } from './staticRedirects.mjs'

export const STATIC_OUT_DIR = './dist-static'

/** Text files worth compressing; nginx serves the .br/.gz twins (brotli_static, gzip_static). */
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|txt|svg)$/

const exists = (file) =>
  access(file).then(
    () => true,
    () => false,
  )

/**
 * Writes name.gz and name.br next to every compressible file under `dir` at least 512 bytes long.
 * Brotli at quality 11 is most of a large export's build time, and a rebuild after one change
 * renders every page again with almost all of them byte for byte as before: the twins are kept in
 * `cacheDir` by the SHA-256 of the file, so only files whose bytes changed are compressed again.
 * Entries this build did not use are removed, so the cache holds one export's worth.
 */
export async function precompress(dir, cacheDir) {
  await mkdir(cacheDir, { recursive: true })
  const used = new Set()
  let count = 0
  let compressed = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue
    const file = path.join(entry.parentPath, entry.name)
    const body = await readFile(file)
    if (body.length < 512) continue
    const cached = path.join(cacheDir, createHash('sha256').update(body).digest('hex'))
    const twins = [`${cached}.gz`, `${cached}.br`]
    for (const twin of twins) used.add(path.basename(twin))
    if (!(await Promise.all(twins.map(exists))).every(Boolean)) {
      const data = [
        gzipSync(body, { level: 9 }),
        brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      ]
      // Written under a temporary name first: an interrupted build never leaves half a twin to reuse.
      for (const [index, twin] of twins.entries()) {
        await writeFile(`${twin}.tmp`, data[index])
        await rename(`${twin}.tmp`, twin)
      }
      compressed += 1
    }
    await copyFile(twins[0], `${file}.gz`)
    await copyFile(twins[1], `${file}.br`)
    count += 1
  }
  for (const name of await readdir(cacheDir)) if (!used.has(name)) await rm(path.join(cacheDir, name), { force: true })
  return { count, compressed }
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
  /** Where the compressed twins of the last export are kept (see precompress). */
  let precompressCache
  return {
    name: 'mspn:static-export',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        const define = { 'import.meta.env.SITE_STATIC_EXPORT': JSON.stringify(enabled) }
        if (!enabled) {
          updateConfig({ vite: { define } })
          return
        }
        precompressCache = fileURLToPath(new URL('./node_modules/.astro-static/precompressed/', config.root))
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
        const { count, compressed } = await precompress(fileURLToPath(dir), precompressCache)
        logger.info(
          `precompressed ${count} files (.gz, .br) for nginx, ${compressed} of them changed since the last export`,
        )
      },
    },
  }
}
