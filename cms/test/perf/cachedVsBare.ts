/**
 * Cached reads against the machine's limit: a bare Node HTTP server sending the very bytes and
 * headers of a cached answer, then our full stack answering the same URL from its cache, with the
 * same connections and duration, one after the other in one run.
 *
 *   npx tsx test/perf/cachedVsBare.ts [--seconds 10] [--connections 20] [--gzip]
 *
 * boots a seeded SQLite CMS in a child process (production settings, logs at info to /dev/null) and
 * prints the figures as JSON. `cachedVsBare({ url })` measures any running CMS (bench/ calls it).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'

import { rawGet } from '../helpers/http'

export interface LoadFigures {
  rps: number
  /** Server CPU (user + system) per answered request, in µs, when its process is known (Linux). */
  cpuMicrosPerRequest?: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

export interface CachedVsBare {
  url: string
  bytes: number
  connections: number
  seconds: number
  bare: LoadFigures
  cached: LoadFigures
  /** cached req/s over bare req/s. */
  ratio: number
  /**
   * bare CPU per request over ours: the req/s ratio on a machine where the servers, not the load
   * generator or other work, are the limit (less sensitive to a shared machine than `ratio`).
   */
  cpuRatio?: number
}

export interface CachedVsBareOptions {
  /** A cacheable read on a running CMS, e.g. http://127.0.0.1:3000/api/v1/posts?limit=10&depth=1 */
  url: string
  connections?: number
  seconds?: number
  /** Request headers for both servers (e.g. accept-encoding: gzip). */
  headers?: Record<string, string>
  /** The CMS's process ID, to measure its CPU per request. */
  cmsPid?: number
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined
  }
}

/** Headers a server writes per connection or per response, not part of the answer's bytes. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id'])

async function load(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string>,
  pid?: number,
): Promise<LoadFigures> {
  await autocannon({ url, connections, duration: 2, headers }) // warm-up: JIT, caches
  const cpuBefore = cpuSeconds(pid)
  const result = await autocannon({ url, connections, duration: seconds, headers })
  const cpuAfter = cpuSeconds(pid)
  const latency = result.latency as unknown as Record<string, number>
  const answered = result.requests.total
  return {
    rps: Math.round(result.requests.average),
    ...(cpuBefore !== undefined && cpuAfter !== undefined && answered > 0
      ? { cpuMicrosPerRequest: Math.round(((cpuAfter - cpuBefore) * 1e6) / answered) }
      : {}),
    p50: latency.p50 ?? 0,
    p99: latency.p99 ?? 0,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

/** Starts a child process that answers every request with `body` and `headers`; resolves its port. */
async function startBare(
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ port: number; child: ChildProcess }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bare-'))
  fs.writeFileSync(path.join(dir, 'body'), body)
  fs.writeFileSync(path.join(dir, 'headers.json'), JSON.stringify(headers))
  const code = `
    const fs = require('node:fs'), http = require('node:http'), path = require('node:path')
    const body = fs.readFileSync(path.join(${JSON.stringify(dir)}, 'body'))
    const headers = JSON.parse(fs.readFileSync(path.join(${JSON.stringify(dir)}, 'headers.json'), 'utf8'))
    const server = http.createServer((req, res) => { res.writeHead(200, headers); res.end(body) })
    server.listen(0, '127.0.0.1', () => process.stderr.write('READY ' + server.address().port + '\\n'))`
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'pipe'] })
  const port = await waitForReady(child, /READY (\d+)/)
  fs.rmSync(dir, { recursive: true, force: true })
  return { port: Number(port), child }
}

function waitForReady(child: ChildProcess, pattern: RegExp): Promise<string> {
  let stderr = ''
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
      const match = pattern.exec(stderr)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`child exited with ${code}:\n${stderr}`)))
    setTimeout(() => reject(new Error(`child not ready in 120 s:\n${stderr}`)), 120_000).unref()
  })
}

/** Measures a bare server sending the cached answer's bytes, then the CMS's cache, same load. */
export async function cachedVsBare(options: CachedVsBareOptions): Promise<CachedVsBare> {
  const { url, connections = 20, seconds = 10, headers = {} } = options
  await rawGet(url, headers)
  const sample = await rawGet(url, headers)
  if (sample.status !== 200 || sample.headers['x-cache'] !== 'HIT')
    throw new Error(`not a cache hit: ${sample.status} X-Cache=${String(sample.headers['x-cache'])}`)
  const answerHeaders = Object.fromEntries(
    Object.entries(sample.headers)
      .filter(([name]) => !HOP_HEADERS.has(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
  )
  const bare = await startBare(sample.body, answerHeaders)
  try {
    const bareUrl = new URL(url)
    bareUrl.host = `127.0.0.1:${bare.port}`
    process.stderr.write(`cachedVsBare: bare server, ${seconds} s at ${connections} connections…\n`)
    const bareFigures = await load(bareUrl.toString(), connections, seconds, headers, bare.child.pid)
    process.stderr.write(`cachedVsBare: our cache, ${seconds} s at ${connections} connections…\n`)
    const cachedFigures = await load(url, connections, seconds, headers, options.cmsPid)
    const cpu = [bareFigures.cpuMicrosPerRequest, cachedFigures.cpuMicrosPerRequest]
    return {
      url,
      bytes: sample.body.length,
      connections,
      seconds,
      bare: bareFigures,
      cached: cachedFigures,
      ratio: Math.round((cachedFigures.rps / Math.max(bareFigures.rps, 1)) * 100) / 100,
      ...(cpu[0] && cpu[1] ? { cpuRatio: Math.round((cpu[0] / cpu[1]) * 100) / 100 } : {}),
    }
  } finally {
    bare.child.kill()
  }
}

/** The CMS target: a seeded SQLite database, production settings, cache on; prints READY <port>. */
async function serve(): Promise<void> {
  const { bootPayload } = await import('../../src/cli/boot')
  const { parseEnv } = await import('../../src/env')
  const { seed } = await import('../../src/seed')
  const { createApp, listen } = await import('../../src/server')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-cached-'))
  const env = parseEnv({
    APP_ENV: 'production',
    PAYLOAD_SECRET: 'perf-only-secret-that-is-long-enough-0123456789',
    PREVIEW_SECRET: 'perf-only-preview-secret-long-enough-0123456789',
    REVALIDATE_SECRET: 'perf-only-revalidate-secret-long-enough-0123456789',
    DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
    MEDIA_DIR: path.join(dir, 'media'),
    LOG_LEVEL: 'info',
    RATE_LIMIT_API_PER_MINUTE: '1000000',
  })
  const payload = await bootPayload(env)
  await seed(payload, { admin: { email: 'perf@mspn.dev', password: 'Perf-only-admin-passphrase-7391' } })
  const server = await listen(createApp({ payload, env }).listener, '127.0.0.1', 0)
  process.stderr.write(`READY ${(server.address() as AddressInfo).port}\n`)
  process.once('SIGTERM', () => {
    fs.rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  })
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--serve')) return serve()
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name)
    return at >= 0 ? Number(args[at + 1]) : fallback
  }
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  try {
    process.stderr.write('cachedVsBare: starting a seeded CMS…\n')
    const port = await waitForReady(child, /READY (\d+)/)
    const figures = await cachedVsBare({
      url: `http://127.0.0.1:${port}/api/v1/posts?limit=10&depth=1`,
      connections: option('--connections', 20),
      seconds: option('--seconds', 10),
      headers: args.includes('--gzip') ? { 'accept-encoding': 'gzip' } : {},
      cmsPid: child.pid,
    })
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`)
  } finally {
    child.kill('SIGTERM')
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2))
