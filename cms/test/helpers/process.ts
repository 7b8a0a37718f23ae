/** Runs the CMS's real entry points as child processes on free ports. */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const cmsDir = path.resolve(import.meta.dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

interface Spawned {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
  /** The first match of `ready` in the output. */
  match: RegExpExecArray
}

/** Starts `node --import tsx <script>` in cms/ and waits until its output matches `ready`. */
async function spawnUntil(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs: number,
): Promise<Spawned> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: cmsDir,
    env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time:\n${output}`)), timeoutMs)
    const check = setInterval(() => {
      const found = ready.exec(output)
      if (found) {
        clearInterval(check)
        clearTimeout(timer)
        resolve(found)
      }
    }, 50)
    void exited.then((code) => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code}:\n${output}`))
    })
  })
  return { child, output: () => output, exited, match }
}

export interface CmsProcess {
  url: string
  child: ChildProcess
  output: () => string
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>
}

/** The `npm start` entry point (admin panel included) on a fresh SQLite file. */
export async function startCmsProcess(env: Record<string, string>, readyTimeoutMs = 240_000): Promise<CmsProcess> {
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-e2e-'))
  const spawned = await spawnUntil(
    'src/cli/start.ts',
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
      MEDIA_DIR: path.join(dir, 'media'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    /MSPN DEV CMS is up/,
    readyTimeoutMs,
  )
  return {
    url: `http://127.0.0.1:${port}`,
    child: spawned.child,
    output: spawned.output,
    stop: async () => {
      spawned.child.kill('SIGTERM')
      const code = await spawned.exited
      fs.rmSync(dir, { recursive: true, force: true })
      return code
    },
  }
}

export interface ApiProcess {
  url: string
  output: () => string
  stop: () => Promise<number | null>
  /** SIGKILL: no draining, no cleanup, the way a crash or an OOM kill ends a process. */
  kill: () => Promise<void>
}

/**
 * How long a test waits for a child API process to say it is ready. A start takes 5–20 s alone and
 * over a minute beside other test files on two cores; this stays under the int projects' hook
 * timeout (180 s) so a start that never comes fails with the child's output, not a bare hook timeout.
 * A test that starts a process inside `it` must give itself PROCESS_TEST_TIMEOUT_MS.
 */
export const PROCESS_READY_TIMEOUT_MS = 150_000
/** The timeout for a test that starts (or restarts) one child process inside `it`. */
export const PROCESS_TEST_TIMEOUT_MS = 240_000

/** test/helpers/apiServer.ts (the API without the admin panel) with the given environment. */
export async function startApiProcess(
  env: Record<string, string>,
  readyTimeoutMs = PROCESS_READY_TIMEOUT_MS,
): Promise<ApiProcess> {
  const spawned = await spawnUntil(
    'test/helpers/apiServer.ts',
    { NODE_ENV: 'test', APP_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    /READY (\S+)/,
    readyTimeoutMs,
  )
  return {
    url: spawned.match[1],
    output: spawned.output,
    stop: async () => {
      spawned.child.kill('SIGTERM')
      return spawned.exited
    },
    kill: async () => {
      spawned.child.kill('SIGKILL')
      await spawned.exited
    },
  }
}

export interface JobRunnerProcess {
  output: () => string
  /** Sends SIGTERM and resolves with how many jobs the process ran. */
  stop: () => Promise<number>
}

/** test/helpers/jobRunnerProcess.ts: a CMS process's job runner on the database named in `env`. */
export async function startJobRunnerProcess(env: Record<string, string>): Promise<JobRunnerProcess> {
  const spawned = await spawnUntil(
    'test/helpers/jobRunnerProcess.ts',
    { NODE_ENV: 'test', APP_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    /READY/,
    150_000,
  )
  // A runner that quit on its own is named as such in the output a failing test prints.
  const output = () =>
    spawned.child.exitCode === null
      ? spawned.output()
      : `${spawned.output()}\n[exited by itself: ${spawned.child.exitCode}]`
  return {
    output,
    stop: async () => {
      spawned.child.kill('SIGTERM')
      await spawned.exited
      const ran = /RAN (\d+)/.exec(spawned.output())
      if (!ran) throw new Error(`job runner process did not report:\n${spawned.output()}`)
      return Number(ran[1])
    },
  }
}

export interface ClusterProcess {
  url: string
  output: () => string
  /** Sends SIGTERM to the primary and resolves with its exit code. */
  stop: () => Promise<number | null>
}

/** test/helpers/clusterServer.ts: WEB_CONCURRENCY workers behind one port, on the database named in `env`. */
export async function startClusterProcess(env: Record<string, string>): Promise<ClusterProcess> {
  const port = await freePort()
  const spawned = await spawnUntil(
    'test/helpers/clusterServer.ts',
    { NODE_ENV: 'test', APP_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), ...env },
    /^READY$/m,
    // Three Payload boots (the primary's migrations, then each worker's) on a shared, busy machine.
    400_000,
  )
  return {
    url: `http://127.0.0.1:${port}`,
    output: spawned.output,
    stop: async () => {
      spawned.child.kill('SIGTERM')
      return spawned.exited
    },
  }
}
