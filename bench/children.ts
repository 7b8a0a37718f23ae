/**
 * Child processes of the bench commands: spawn node with a script, wait for a line that says it is
 * ready, and stop every child at the end. `freePort` is the tests' own (cms/test/helpers/process.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'

export { freePort } from '../cms/test/helpers/process'

/** Every child started through `startChild`, for `stopChildren`. */
export const children: ChildProcess[] = []

/** Spawns node with `args` and resolves with the first match of `ready` in its output. */
export function startChild(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 180_000,
): Promise<RegExpExecArray> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      const match = ready.exec(output)
      if (match) resolve(match)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`)))
    setTimeout(
      () => reject(new Error(`${args.join(' ')} not ready in ${timeoutMs} ms:\n${output.slice(-2000)}`)),
      timeoutMs,
    ).unref()
  })
}

/**
 * Runs `npm run <script>` in the site workspace with `env` added, keeping its output; fails with the
 * tail of that output. Resolves with the wall time and the output.
 */
export function runSiteScript(root: string, script: string, env: Record<string, string>) {
  const started = Date.now()
  const child = spawn('npm', ['run', script, '--silent', '--workspace', 'site'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  return new Promise<{ seconds: number; output: string }>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`npm run ${script} exited ${code}:\n${output.slice(-4000)}`))
      resolve({ seconds: (Date.now() - started) / 1000, output })
    })
  })
}
