/**
 * `npm run bench:workers`: what WEB_CONCURRENCY buys on this machine. Starts the API as `npm start`
 * runs it with a cluster (the primary migrates and seeds once, the workers share the port; the admin
 * panel is left out, as in the tests), once with 1 worker and once with 2 (or BENCH_WORKERS), on one
 * seeded SQLite database, and loads each with the same requests:
 *   distinct   the blog index with a distinct page/sort per request and the response cache off: every
 *              request runs a database query, so this is the figure that scales with processes
 *   cached     one URL from the response cache: mostly HTTP and JSON bytes
 * Prints req/s and latency per run and the ratio N workers ÷ 1 worker. On a 2-core machine the load
 * generator shares the cores with the workers, so the ratio is a floor for a machine of its own.
 *
 * Knobs: BENCH_DURATION (s per run, default 10), BENCH_CONNECTIONS (default 20), BENCH_WORKERS (default 2).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'

import { freePort } from './children'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const MANY = Number(process.env.BENCH_WORKERS ?? 2)
const CMS = path.resolve(import.meta.dirname, '..', 'cms')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-workers-'))

interface Stack {
  port: number
  stop: () => Promise<void>
}

/** Starts the cluster entry the worker tests use, and resolves once every worker listens. */
async function startStack(workers: number, cache: boolean): Promise<Stack> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/clusterServer.ts'], {
    cwd: CMS,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      APP_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEB_CONCURRENCY: String(workers),
      DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
      MEDIA_DIR: path.join(dir, 'media'),
      PAYLOAD_SECRET: 'bench-only-secret-that-is-long-enough-0123456789',
      PREVIEW_SECRET: 'bench-only-preview-secret-long-enough-0123456789',
      REVALIDATE_SECRET: 'bench-only-revalidate-secret-long-enough-0123456789',
      ADMIN_EMAIL: 'bench@mspn.dev',
      ADMIN_PASSWORD: 'Bench-only-admin-passphrase-7391',
      SEED_ON_START: 'true',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_API_PER_MINUTE: '1000000',
      CACHE_ENABLED: String(cache),
      READ_COALESCING: String(cache),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => (output += chunk)
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cluster did not start in 240 s:\n${output}`)), 240_000)
    const check = () => {
      if (/^READY$/m.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`cluster exited with ${code}:\n${output}`))
    })
  })
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 20_000).unref()
      }),
  }
}

/** The blog index, a different page size, page and sort per request so no two are alike. */
function distinctPaths(): string[] {
  const paths: string[] = []
  for (const sort of ['-publishedAt', 'publishedAt', 'title', '-title', '-updatedAt', 'createdAt']) {
    for (let limit = 1; limit <= 12; limit += 1) {
      for (let page = 1; page <= 3; page += 1)
        paths.push(`/api/v1/posts?limit=${limit}&page=${page}&sort=${sort}&depth=1`)
    }
  }
  return paths
}

interface Row {
  name: string
  rps: number
  p50: number
  p95: number
  errors: number
}

async function load(name: string, port: number, paths: string[]): Promise<Row> {
  let next = 0
  const options = {
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  }
  await autocannon({ ...options, duration: 2 }) // warm-up: JIT, connection pools, the cache
  process.stderr.write(`bench: ${name} for ${DURATION_S} s at ${CONNECTIONS} connections…\n`)
  const result = await autocannon({ ...options, duration: DURATION_S })
  const latency = result.latency as unknown as Record<string, number>
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: latency.p50,
    p95: latency.p95 ?? latency.p97_5,
    errors: result.errors + result.non2xx,
  }
}

const rows: Row[] = []
try {
  for (const cache of [false, true]) {
    const paths = cache ? ['/api/v1/posts?limit=10&depth=1'] : distinctPaths()
    for (const workers of [1, MANY]) {
      const stack = await startStack(workers, cache)
      try {
        rows.push(
          await load(`${cache ? 'cached' : 'distinct'}, ${workers} worker${workers > 1 ? 's' : ''}`, stack.port, paths),
        )
      } finally {
        await stack.stop()
      }
    }
  }
  console.log(
    `\n${os.availableParallelism()} cores; ${CONNECTIONS} connections, ${DURATION_S} s per run, loopback, SQLite\n`,
  )
  console.log('| run | req/s | p50 ms | p95 ms | non-2xx/errors |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const row of rows) console.log(`| ${row.name} | ${row.rps} | ${row.p50} | ${row.p95} | ${row.errors} |`)
  for (let i = 0; i < rows.length; i += 2) {
    console.log(`${rows[i + 1].name} ÷ ${rows[i].name}: ${(rows[i + 1].rps / rows[i].rps).toFixed(2)}×`)
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
