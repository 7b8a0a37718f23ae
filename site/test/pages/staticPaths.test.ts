/**
 * Dynamic pages export `staticPaths`; only the static export turns it into `getStaticPaths`
 * (static-export.config.mjs). The server build warns about any page that mentions getStaticPaths.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { staticPathsPlugin } from '../../static-export.config.mjs'

const pagesDir = path.resolve(import.meta.dirname, '../../src/pages')
const pages = fs
  .readdirSync(pagesDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.astro'))
  .map((file) => ({ file, source: fs.readFileSync(path.join(pagesDir, file), 'utf8') }))

describe('static paths of dynamic pages', () => {
  it('no page mentions getStaticPaths, and every dynamic page exports staticPaths', () => {
    const dynamic = pages.filter(({ file }) => /\[[^\]]+\]/.test(file))
    expect(dynamic.length).toBeGreaterThan(0)
    for (const { file, source } of pages) expect(source, file).not.toContain('getStaticPaths')
    for (const { file, source } of dynamic) expect(source, file).toMatch(/^export const staticPaths = /m)
  })

  it('the static export hands staticPaths to Astro as getStaticPaths, on pages only', () => {
    const page = `${pagesDir}/blog/[slug].astro`
    const code =
      "import { x } from '../../content/staticPaths.ts';\nexport const staticPaths = () => [];\nexport default 1;"
    const result = staticPathsPlugin.transform(code, page)
    expect(result?.code).toBe(`${code}\nexport { staticPaths as getStaticPaths };\n`)
    // A page that only imports from staticPaths.ts, a style part of a page, a non-page module: unchanged.
    expect(staticPathsPlugin.transform("import { pagePaths } from '../content/staticPaths.ts';", page)).toBeUndefined()
    expect(staticPathsPlugin.transform(code, `${page}?astro&type=style&index=0&lang.css`)).toBeUndefined()
    expect(staticPathsPlugin.transform(code, path.resolve(pagesDir, '../content/staticPaths.ts'))).toBeUndefined()
  })
})
