// `npm start`: the CMS (PORT, default 3000) and the site (SITE_PORT, default 4321) together.
// Builds what is missing, shares one revalidation secret and one preview secret between them so publishing purges the
// site's cache out of the box, prints both URLs, and stops both on Ctrl-C / SIGTERM.
// If the site cannot be built or started, the CMS keeps running and the reason is printed.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { SERVER_NODE_ARGS, serverEnv } from '../cms/src/cli/serverRuntime.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dev = process.argv.includes('--dev')
const host = process.env.HOST || '127.0.0.1'
const cmsPort = process.env.PORT || '3000'
const sitePort = process.env.SITE_PORT || '4321'
const browserHost = host === '0.0.0.0' ? 'localhost' : host
const cmsUrl = `http://${browserHost}:${cmsPort}`
const siteUrl = process.env.SITE_URL || `http://${browserHost}:${sitePort}`
// Generated per run when unset (development): both processes get the same values.
const revalidateSecret = process.env.REVALIDATE_SECRET || randomBytes(24).toString('hex')
const previewSecret = process.env.PREVIEW_SECRET || randomBytes(24).toString('hex')

const children = new Set()
let stopping = false

function run(command, args, options) {
  const child = spawn(command, args, { cwd: root, ...options, env: { ...process.env, ...options.env } })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

function stopAll(signal) {
  if (stopping) return
  stopping = true
  for (const child of children) child.kill(signal)
}
process.once('SIGINT', () => stopAll('SIGINT'))
process.once('SIGTERM', () => stopAll('SIGTERM'))

// Started directly (not through npm) so signals reach the CMS process itself.
const cmsProcess = run(process.execPath, [...SERVER_NODE_ARGS, 'src/cli/start.ts', ...(dev ? ['--dev'] : [])], {
  cwd: path.join(root, 'cms'),
  stdio: ['ignore', 'inherit', 'pipe'],
  env: {
    ...serverEnv(process.env),
    NODE_ENV: dev ? 'development' : 'production',
    SITE_URL: siteUrl,
    REVALIDATE_SECRET: revalidateSecret,
    PREVIEW_SECRET: previewSecret,
  },
})
cmsProcess.stderr.pipe(process.stderr)
cmsProcess.once('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`CMS exited (${code}); stopping.\n`)
    stopAll('SIGTERM')
  }
  process.exitCode = code ?? 1
})

await new Promise((resolve) => {
  let seen = ''
  const onData = (chunk) => {
    seen += chunk
    if (seen.includes('MSPN DEV CMS is up')) {
      cmsProcess.stderr.off('data', onData)
      resolve()
    }
  }
  cmsProcess.stderr.on('data', onData)
})
if (stopping) process.exit(process.exitCode ?? 1)

const siteEntry = path.join(root, 'site', 'dist', 'server', 'entry.mjs')
const siteEnv = {
  CMS_URL: cmsUrl,
  SITE_URL: siteUrl,
  REVALIDATE_SECRET: revalidateSecret,
  PREVIEW_SECRET: previewSecret,
  HOST: host,
  PORT: sitePort,
}
if (!existsSync(siteEntry)) {
  process.stderr.write('site: building (a few seconds)…\n')
  const build = run('npm', ['run', 'build', '--workspace', 'site', '--silent'], { stdio: 'inherit', env: siteEnv })
  const code = await new Promise((resolve) => build.once('exit', resolve))
  if (code !== 0)
    process.stderr.write(
      'site: build failed; the CMS keeps running. Fix the error above and run `npm run build -w site`.\n',
    )
}
if (existsSync(siteEntry) && !stopping) {
  const site = run(process.execPath, [path.join(root, 'site', 'server.mjs')], { stdio: 'inherit', env: siteEnv })
  site.once('exit', (code) => {
    if (!stopping) process.stderr.write(`site exited (${code}); the CMS keeps running.\n`)
  })
  process.stderr.write(`\n  Website       ${siteUrl}  (reads the CMS at ${cmsUrl})\n\n`)
}
