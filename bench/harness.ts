/**
 * What the API benchmarks share: starting the target process (server.ts) and reading its request
 * plan, measuring one target with autocannon over a rotating list of URLs, and writing, reading and
 * comparing result files (bench/results/, gitignored).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'

import { SERVER_NODE_ARGS, serverEnv } from '../cms/src/cli/serverRuntime'

export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
export const WARMUP_S = Math.min(2, DURATION_S)
export const DB = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite'
const RESULTS = path.join(import.meta.dirname, 'results')

export interface Plan {
  mix: string[]
  kinds: Record<'newest' | 'randomPage' | 'document' | 'category' | 'search', string[]>
  cached: string[]
}

export interface Target {
  ports: Record<string, number>
  plan: Plan
  posts: number
  generateMs: number
  pid: number
  stop: () => Promise<void>
}

/** Starts server.ts with `env` (BENCH_POSTS, BENCH_TARGETS…) and waits for READY (bounded). */
export async function startTarget(env: Record<string, string>, timeoutMs = 1_800_000): Promise<Target> {
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-plan-')), 'plan.json')
  // BENCH_CPU_PROF=<dir>: the target writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  // Launched as production launches a server (cli/serverRuntime.ts): the same V8 and allocator settings.
  const child = spawn(
    process.execPath,
    [...profile, ...SERVER_NODE_ARGS, path.join(import.meta.dirname, 'server.ts')],
    {
      cwd: path.join(import.meta.dirname, '..', 'cms'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...serverEnv(process.env),
        NODE_ENV: 'production',
        BENCH_DB: DB,
        BENCH_POSTGRES_URL: process.env.BENCH_POSTGRES_URL ?? '',
        BENCH_PLAN_FILE: planFile,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    }
    fs.rmSync(path.dirname(planFile), { recursive: true, force: true })
  }
  // Ctrl-C or an error in the driver: never leave the target (and its database) behind.
  process.once('exit', () => child.kill('SIGTERM'))
  let stderr = ''
  try {
    const ready = await new Promise<{ ports: Record<string, number>; posts: number; generateMs: number }>(
      (resolve, reject) => {
        child.stderr?.on('data', (chunk) => {
          stderr += chunk
          if (/^bench:server: generate/m.test(String(chunk))) process.stderr.write(String(chunk))
          const match = /READY (\{.*\})/.exec(stderr)
          if (match) resolve(JSON.parse(match[1]))
        })
        child.once('exit', (code) => reject(new Error(`bench server exited with ${code}:\n${stderr.slice(-4000)}`)))
        setTimeout(() => reject(new Error(`bench server did not start in ${timeoutMs / 1000} s`)), timeoutMs).unref()
      },
    )
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as Plan
    return { ...ready, plan, pid: child.pid as number, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export interface Figures {
  name: string
  rps: number
  p50: number
  p95: number
  p99: number
  requests: number
  errors: number
  /** Distinct URLs sent (the rest repeated earlier ones). */
  distinct: number
}

/**
 * Waits until the target on `port` has no variant left to project in the background
 * (`mspn_fast_read_projecting` 0 or absent, publicReads/fastRead.ts), so a run measures the steady state
 * its warm-up led to, not the projection's own work. Gives up after `timeoutMs`, and says how long it waited.
 */
export async function untilProjected(name: string, port: number, timeoutMs = 600_000): Promise<void> {
  const started = Date.now()
  let text = ''
  for (;;) {
    text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => (response.ok ? response.text() : ''))
    const waiting = Number(/^mspn_fast_read_projecting (\d+)/m.exec(text)?.[1] ?? 0)
    if (waiting === 0) break
    if (Date.now() - started > timeoutMs) {
      process.stderr.write(`bench: ${name}: still projecting after ${timeoutMs / 1000} s; measuring anyway\n`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const waited = Date.now() - started
  if (waited >= 250)
    process.stderr.write(`bench: ${name}: waited ${(waited / 1000).toFixed(1)} s for the background projection\n`)
  if (/^mspn_fast_read_store_full 1$/m.test(text))
    process.stderr.write(
      `bench: ${name}: projections on disk have stopped (FAST_READ_STORE_MAX_BYTES, or the disk down to FAST_READ_STORE_RESERVE_BYTES): reads past the memory are populated by Payload, and this run measures that\n`,
    )
}

/**
 * Loads `port` with `urls` in turn (warm-up first, then the measured run continuing where the
 * warm-up stopped), so with a long enough list no URL is sent twice. `settle` runs between the two.
 */
export async function measure(
  name: string,
  port: number,
  urls: readonly string[],
  repeat = false,
  settle?: () => Promise<void>,
): Promise<Figures> {
  let next = 0
  const seen = new Set<string>()
  const run = (duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const url = urls[next % urls.length]
            next += 1
            if (!repeat) seen.add(url)
            return { ...request, path: url }
          },
        },
      ],
    })
  await run(WARMUP_S)
  await settle?.()
  seen.clear()
  const sentBefore = next
  process.stderr.write(`bench: ${name} for ${DURATION_S} s at ${CONNECTIONS} connections…\n`)
  const result = await run(DURATION_S)
  const latency = result.latency as unknown as Record<string, number>
  if (!repeat && next > urls.length)
    process.stderr.write(`bench: ${name}: the plan ran out (${next} of ${urls.length}): URLs repeated\n`)
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: latency.p50,
    p95: latency.p95 ?? latency.p97_5,
    p99: latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
    distinct: repeat ? urls.length : Math.min(seen.size, next - sentBefore),
  }
}

export function table(rows: Figures[], extra?: (row: Figures) => string, extraHeader?: string): string {
  const lines = [
    `| target | req/s | p50 ms | p95 ms | p99 ms | requests | distinct URLs sent | errors |${extraHeader ? ` ${extraHeader} |` : ''}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${extraHeader ? ' ---: |' : ''}`,
  ]
  for (const row of rows)
    lines.push(
      `| ${row.name} | ${row.rps} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.requests} | ${row.distinct} | ${row.errors} |${extra ? ` ${extra(row)} |` : ''}`,
    )
  return lines.join('\n')
}

/** Writes `bench/results/<name>-<db>-<timestamp>.json` and returns its path. */
export function writeResults(name: string, data: object, db: string = DB): string {
  fs.mkdirSync(RESULTS, { recursive: true })
  const file = path.join(RESULTS, `${name}-${db}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`)
  return file
}

/** `--compare <file>`: the earlier result file to print deltas against, if given. */
export function compareFile(): string | undefined {
  const at = process.argv.indexOf('--compare')
  // npm runs the script inside cms/: a relative path is the caller's, where npm was started (INIT_CWD).
  return at >= 0 ? path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[at + 1]) : undefined
}

/** Deltas of req/s and p95 per row name, against the rows of an earlier result file. */
export function compare(rows: Figures[], file: string): string {
  const earlier = JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: Figures[] }
  const byName = new Map(earlier.rows.map((row) => [row.name, row]))
  const percent = (now: number, then: number) =>
    then ? `${now >= then ? '+' : ''}${(((now - then) / then) * 100).toFixed(0)} %` : 'n/a'
  const lines = [`Compared with ${file}:`, '| target | req/s then → now | p95 ms then → now |', '| --- | ---: | ---: |']
  for (const row of rows) {
    const then = byName.get(row.name)
    if (!then) continue
    lines.push(
      `| ${row.name} | ${then.rps} → ${row.rps} (${percent(row.rps, then.rps)}) | ${then.p95} → ${row.p95} (${percent(row.p95, then.p95)}) |`,
    )
  }
  return lines.join('\n')
}
