/** Runs the real `npm start` entry point as a child process on a free port. */
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

export interface CmsProcess {
  url: string
  child: ChildProcess
  output: () => string
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>
}

export async function startCmsProcess(env: Record<string, string>, readyTimeoutMs = 120_000): Promise<CmsProcess> {
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-e2e-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: cmsDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
      MEDIA_DIR: path.join(dir, 'media'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CMS did not start in time:\n${output}`)), readyTimeoutMs)
    const check = setInterval(() => {
      if (output.includes('MSPN DEV CMS is up')) {
        clearInterval(check)
        clearTimeout(timer)
        resolve()
      }
    }, 100)
    void exited.then((code) => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`CMS exited with ${code}:\n${output}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM')
      const code = await exited
      fs.rmSync(dir, { recursive: true, force: true })
      return code
    },
  }
}

export interface ApiProcess {
  url: string
  output: () => string
  stop: () => Promise<number | null>
}

/** Starts test/helpers/api-server.ts with the given environment and waits for READY. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/api-server.ts'], {
    cwd: cmsDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', APP_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api server did not start:\n${output}`)), 60_000)
    const check = setInterval(() => {
      const match = /READY (\S+)/.exec(output)
      if (match) {
        clearInterval(check)
        clearTimeout(timer)
        resolve(match[1])
      }
    }, 50)
    void exited.then((code) => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`api server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}
