/**
 * `npm run bench:login`: a 10,000-request burst of failed sign-ins from one client at
 * POST /api/v1/users/login, while visitors read GET /api/v1/posts?limit=10. The burst must be
 * answered 429 after the login budget, and the readers must not notice: their p95 stays under
 * 200 ms. Reads are measured alone first (baseline), then during the burst, in the same run, on
 * loopback, with production budgets. Prints counts and percentiles; exits 1 if the target is missed.
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

const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'login-server.ts')], {
  cwd: path.join(import.meta.dirname, '..', 'cms'),
  env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
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
const base = `http://127.0.0.1:${port}`

/** Readers are many visitors: each request comes from another address (budget 600/min each). */
let reader = 0
const readerIp = () => {
  reader += 1
  return `10.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}`
}
const readOptions = (duration: number) => ({
  url: `${base}${READ}`,
  connections: READ_CONNECTIONS,
  duration,
  requests: [{ setupRequest: (request: any) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': readerIp() } }) }],
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
  return { requests: result.requests.total, p50: latency.p50, p95: latency.p95 ?? latency.p97_5, p99: latency.p99, non2xx: result.non2xx + result.errors }
}

try {
  await autocannon({ ...readOptions(2) }) // warm-up: JIT, cache fill
  process.stderr.write(`bench: reads alone for ${BASELINE_S} s at ${READ_CONNECTIONS} connections…\n`)
  const baseline = readFigures(await autocannon(readOptions(BASELINE_S)))

  process.stderr.write(`bench: ${BURST} sign-in attempts at ${BURST_CONNECTIONS} connections, reads alongside…\n`)
  const readsDuring = autocannon(readOptions(600))
  const started = Date.now()
  const burst = await autocannon({
    url: `${base}/api/v1/users/login`,
    method: 'POST',
    connections: BURST_CONNECTIONS,
    amount: BURST,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
    body: JSON.stringify({ email: 'bench@mspn.dev', password: 'not-the-password' }),
  })
  const burstSeconds = (Date.now() - started) / 1000
  // Without a callback autocannon returns its instance, a thenable that can also be stopped.
  ;(readsDuring as unknown as { stop: () => void }).stop()
  const during = readFigures(await readsDuring)

  const codes = (burst as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats
  const count = (code: string) => codes[code]?.count ?? 0
  const limited = count('429')
  const other = burst.requests.total - limited

  console.log(`\nPOST /api/v1/users/login burst: ${burst.requests.total} requests in ${burstSeconds.toFixed(1)} s (${Math.round(burst.requests.total / burstSeconds)} req/s) from one client, ${BURST_CONNECTIONS} connections`)
  console.log(`  429 ${limited} · other ${other} (${Object.entries(codes).filter(([c]) => c !== '429').map(([c, s]) => `${c}: ${s.count}`).join(', ') || 'none'}) · errors ${burst.errors}`)
  console.log(`\nGET ${READ}  (${READ_CONNECTIONS} connections, one address per request)\n`)
  console.log('| reads | requests | p50 ms | p95 ms | p99 ms | non-2xx/errors |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
  console.log(`| alone (baseline) | ${baseline.requests} | ${baseline.p50} | ${baseline.p95} | ${baseline.p99} | ${baseline.non2xx} |`)
  console.log(`| during the burst | ${during.requests} | ${during.p50} | ${during.p95} | ${during.p99} | ${during.non2xx} |`)
  const ok = limited >= BURST - 20 && during.p95 < P95_TARGET_MS && during.non2xx === 0
  console.log(`\n${ok ? 'PASS' : 'FAIL'}: burst answered 429 (${limited}/${BURST}), read p95 during burst ${during.p95} ms (target < ${P95_TARGET_MS} ms, baseline ${baseline.p95} ms)`)
  process.exitCode = ok ? 0 : 1
} finally {
  child.kill('SIGTERM')
}
