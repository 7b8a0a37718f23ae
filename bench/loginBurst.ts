/**
 * `npm run bench:login`: a 10,000-request burst of failed sign-ins from one client at
 * POST /api/v1/users/login, while visitors read GET /api/v1/posts?limit=10. The burst must be
 * answered 429 after the login budget, and the readers must not notice: their p95 stays under
 * 200 ms. Reads are measured alone first (baseline), then during the burst, in the same run, on
 * loopback, with production budgets. Two scenarios, each on a fresh server: reads as production
 * serves them uncached (response cache off, request logging on at info, written to /dev/null)
 * and from the response cache (logging on too). Prints counts and percentiles per scenario; exits
 * 1 if either misses the target.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'

const BURST = Number(process.env.BENCH_BURST ?? 10_000)
const BURST_CONNECTIONS = Number(process.env.BENCH_BURST_CONNECTIONS ?? 100)
const READ_CONNECTIONS = Number(process.env.BENCH_READ_CONNECTIONS ?? 10)
const BASELINE_S = Number(process.env.BENCH_BASELINE_DURATION ?? 5)
const READ = '/api/v1/posts?limit=10'
const P95_TARGET_MS = 200

interface Scenario {
  name: string
  cache: boolean
  logLevel: string
}
const SCENARIOS: Scenario[] = [
  { name: 'cache off, request logs on', cache: false, logLevel: 'info' },
  { name: 'cache on, request logs on', cache: true, logLevel: 'info' },
]

async function startServer(scenario: Scenario) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'loginServer.ts')], {
    cwd: path.join(import.meta.dirname, '..', 'cms'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      BENCH_CACHE: String(scenario.cache),
      BENCH_LOG_LEVEL: scenario.logLevel,
    },
    // Request logs go to stdout, which is discarded: their cost is paid, their bytes are not kept.
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
      const match = /READY (\d+)/.exec(stderr)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}:\n${stderr}`)))
    setTimeout(() => reject(new Error('bench server did not start in 120 s')), 120_000).unref()
  })
  return { child, base: `http://127.0.0.1:${port}` }
}

/** Readers are many visitors: each request comes from another address (budget 600/min each). */
let reader = 0
const readerIp = () => {
  reader += 1
  return `10.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}`
}
const readOptions = (base: string, duration: number) => ({
  url: `${base}${READ}`,
  connections: READ_CONNECTIONS,
  duration,
  requests: [
    {
      setupRequest: (request: any) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': readerIp() } }),
    },
  ],
})

interface ReadFigures {
  requests: number
  p50: number
  p95: number
  p99: number
  non2xx: number
}
const readFigures = (result: autocannon.Result): ReadFigures => {
  const latency = result.latency as unknown as Record<string, number>
  return {
    requests: result.requests.total,
    p50: latency.p50,
    p95: latency.p95 ?? latency.p97_5,
    p99: latency.p99,
    non2xx: result.non2xx + result.errors,
  }
}

interface Outcome {
  scenario: Scenario
  baseline: ReadFigures
  during: ReadFigures
  limited: number
  total: number
  seconds: number
  others: string
  ok: boolean
}

async function run(scenario: Scenario): Promise<Outcome> {
  const { child, base } = await startServer(scenario)
  try {
    await autocannon({ ...readOptions(base, 2) }) // warm-up: JIT, cache fill
    process.stderr.write(
      `bench [${scenario.name}]: reads alone for ${BASELINE_S} s at ${READ_CONNECTIONS} connections…\n`,
    )
    const baseline = readFigures(await autocannon(readOptions(base, BASELINE_S)))

    process.stderr.write(
      `bench [${scenario.name}]: ${BURST} sign-in attempts at ${BURST_CONNECTIONS} connections, reads alongside…\n`,
    )
    const readsDuring = autocannon(readOptions(base, 600))
    const started = Date.now()
    const burst = await autocannon({
      url: `${base}/api/v1/users/login`,
      method: 'POST',
      connections: BURST_CONNECTIONS,
      amount: BURST,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
      body: JSON.stringify({ email: 'bench@mspn.dev', password: 'not-the-password' }),
    })
    const seconds = (Date.now() - started) / 1000
    // Without a callback autocannon returns its instance, a thenable that can also be stopped.
    ;(readsDuring as unknown as { stop: () => void }).stop()
    const during = readFigures(await readsDuring)

    const codes = (burst as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats
    const limited = codes['429']?.count ?? 0
    const others =
      Object.entries(codes)
        .filter(([c]) => c !== '429')
        .map(([c, s]) => `${c}: ${s.count}`)
        .join(', ') || 'none'
    const ok = limited >= BURST - 20 && during.p95 < P95_TARGET_MS && during.non2xx === 0
    return {
      scenario,
      baseline,
      during,
      limited,
      total: burst.requests.total,
      seconds,
      others: `${others} · errors ${burst.errors}`,
      ok,
    }
  } finally {
    child.kill('SIGTERM')
  }
}

const outcomes: Outcome[] = []
for (const scenario of SCENARIOS) outcomes.push(await run(scenario))

console.log(
  `\nPOST /api/v1/users/login burst from one client, ${BURST_CONNECTIONS} connections; GET ${READ} at ${READ_CONNECTIONS} connections, one address per request\n`,
)
console.log('| scenario | burst req/s | 429 | other | reads | requests | p50 ms | p95 ms | p99 ms | non-2xx/errors |')
console.log('| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |')
for (const o of outcomes) {
  const rate = Math.round(o.total / o.seconds)
  console.log(
    `| ${o.scenario.name} | ${rate} | ${o.limited} | ${o.others} | alone | ${o.baseline.requests} | ${o.baseline.p50} | ${o.baseline.p95} | ${o.baseline.p99} | ${o.baseline.non2xx} |`,
  )
  console.log(
    `| | | | | during the burst | ${o.during.requests} | ${o.during.p50} | ${o.during.p95} | ${o.during.p99} | ${o.during.non2xx} |`,
  )
}
console.log('')
for (const o of outcomes) {
  console.log(
    `${o.ok ? 'PASS' : 'FAIL'} [${o.scenario.name}]: burst answered 429 (${o.limited}/${BURST}), read p95 during burst ${o.during.p95} ms (target < ${P95_TARGET_MS} ms, baseline ${o.baseline.p95} ms)`,
  )
}
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1
