/**
 * The site's server build (`npm run build` into site/dist), made once before the e2e files that serve
 * it (publish, editorJourney, visitors, search): the build reads no environment, so every file would
 * produce the same dist/. static.e2e.test.ts makes its own builds, which are what it tests.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

export default function buildSite(): void {
  const site = path.resolve(import.meta.dirname, '../..')
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: site, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status}):\n${build.stdout}\n${build.stderr}`)
}
