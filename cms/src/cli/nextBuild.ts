/** Builds the admin panel with Next.js when no build exists (or when forced). */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import { childProcessEnv, cmsRoot } from '../env'

export const buildIdFile = path.join(cmsRoot, '.next', 'BUILD_ID')

export function hasNextBuild(): boolean {
  return fs.existsSync(buildIdFile)
}

export function runNextBuild(log: (line: string) => void): Promise<void> {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')
  log('build: compiling the admin panel with Next.js (about a minute the first time)…')
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: cmsRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: childProcessEnv({ NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }),
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code === 0) {
        log(`build: done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
        resolve()
      } else reject(new Error(`next build exited with code ${code}`))
    })
  })
}
