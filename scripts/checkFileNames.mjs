#!/usr/bin/env node
/**
 * The repository's one file-name convention, checked in `npm run lint`:
 * - modules, tests, scripts and folders are camelCase (`clientIdentity.ts`, `accessMatrix.int.test.ts`);
 * - components are PascalCase: Astro components, Preact islands (.tsx), and the Payload configs
 *   that play that part (a folder per collection or global, a file per block);
 * - names a tool dictates are left as the tool wants them: Astro pages are URLs, Next's app
 *   router files, `*.config.*` files, generated migrations and `payload-types.ts`.
 */
import { execFileSync } from 'node:child_process'

const CAMEL = /^[a-z][a-zA-Z0-9]*$/
const PASCAL = /^[A-Z][a-zA-Z0-9]*$/

/** Paths whose names belong to a framework or a generator. */
const EXEMPT = [
  /^site\/src\/pages\//,
  /^cms\/src\/app\//,
  /^cms\/src\/migrations\/(sqlite|postgres)\/\d/,
  /(^|\/)[^/]+\.config\.[cm]?[jt]s$/,
  /^cms\/src\/payload-types\.ts$/,
  /^site\/test\/fixtures\//,
  /^cms\/test\/fixtures\//,
]
const CODE = /\.(ts|tsx|mts|mjs|js|astro|css)$/
/** Folders whose PascalCase entries are Payload configs (one per collection, global or block). */
const PAYLOAD_CONFIGS = /^cms\/src\/(collections|globals|blocks)\//

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)

const problems = new Set()
for (const path of files) {
  if (EXEMPT.some((rule) => rule.test(path))) continue
  const parts = path.split('/')
  const name = parts.pop() ?? ''
  // Folders: camelCase, or PascalCase for a Payload config folder; dot-folders are tools' own.
  parts.forEach((folder, index) => {
    if (folder.startsWith('.') || CAMEL.test(folder)) return
    const where = parts.slice(0, index + 1).join('/')
    if (PASCAL.test(folder) && PAYLOAD_CONFIGS.test(`${where}/`)) return
    problems.add(`${where}/: folders are camelCase`)
  })
  if (!CODE.test(name)) continue
  const base = name.split('.')[0]
  const component = name.endsWith('.astro') || name.endsWith('.tsx') || PAYLOAD_CONFIGS.test(path)
  if (CAMEL.test(base) && !name.endsWith('.astro')) continue
  if (PASCAL.test(base) && component) continue
  problems.add(`${path}: ${name.endsWith('.astro') ? 'components are PascalCase' : 'modules are camelCase'}`)
}

if (problems.size > 0) {
  console.error(`File names off the convention (scripts/checkFileNames.mjs says why):\n  ${[...problems].join('\n  ')}`)
  process.exit(1)
}
console.log(`file names: ${files.length} files follow the convention`)
