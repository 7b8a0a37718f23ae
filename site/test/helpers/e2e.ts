/**
 * What the end-to-end files share: free ports, the processes a file starts (the CMS, the built site)
 * with their output, and Chromium. The site's server build (`site/dist`) is made once for the whole
 * e2e project by test/e2e/globalSetup.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'

/** The repository's root. */
export const root = path.resolve(import.meta.dirname, '../../..')

/** A port free when asked: bound by the OS, then released. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface Processes {
  /**
   * Starts `node <args>` in `cwd` with only PATH, HOME and `env`; resolves once its output (stdout
   * and stderr, kept under `name`) matches `ready`, rejects if it exits or is not ready in time.
   */
  start(
    name: string,
    args: string[],
    cwd: string,
    env: Record<string, string>,
    ready: RegExp,
    timeoutMs?: number,
  ): Promise<ChildProcess>
  /** Everything the process started under `name` has written so far. */
  output(name: string): string
  /** Sends SIGTERM to every process still running. */
  stopAll(): void
}

export function processes(): Processes {
  const running = new Set<ChildProcess>()
  const logs: Record<string, string> = {}
  return {
    output: (name) => logs[name] ?? '',
    start(name, args, cwd, env, ready, timeoutMs = 170_000) {
      const child = spawn(process.execPath, args, {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      running.add(child)
      child.once('exit', () => running.delete(child))
      logs[name] = ''
      return new Promise((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          logs[name] += chunk.toString()
          if (ready.test(logs[name]!)) resolve(child)
        }
        child.stdout?.on('data', onData)
        child.stderr?.on('data', onData)
        child.once('exit', (code) => reject(new Error(`${name} exited ${code}:\n${logs[name]!.slice(-2000)}`)))
        setTimeout(
          () => reject(new Error(`${name} not ready in time:\n${logs[name]!.slice(-2000)}`)),
          timeoutMs,
        ).unref()
      })
    },
    stopAll() {
      for (const child of running) child.kill('SIGTERM')
    },
  }
}

/** Headless Chromium from the machine (CHROMIUM_PATH, default /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}
