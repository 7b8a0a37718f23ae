/**
 * `npm run bench`: the public read path under load, on loopback, bounded in time.
 * One run measures Payload's REST handler alone (baseline) and our stack uncached and cached, for
 * the request the site's blog index makes: 10 posts, newest first, depth 1, with the site's own
 * `select`/`populate` (built by the site's query code, so the two cannot drift apart). Prints
 * req/s, latency percentiles and ratios to the baseline.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'

import { selectionQuery } from '../site/src/cms/collections/define.ts'
import { listQuery } from '../site/src/cms/collections/list.ts'
import { posts } from '../site/src/cms/collections/posts.ts'
import { toQueryString } from '../site/src/cms/queryString.ts'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const firstPage = posts.list({ page: 1, perPage: 10 })
if (!firstPage) throw new Error('the blog index request could not be built')
const REQUEST = `/api/v1/posts?${toQueryString({ ...listQuery(firstPage), ...selectionQuery(posts.card) })}`

const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'server.ts')], {
  cwd: path.join(import.meta.dirname, '..', 'cms'),
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    BENCH_POSTGRES_URL: process.env.BENCH_POSTGRES_URL ?? '',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
})
let stderr = ''
const ports = await new Promise<Record<string, number>>((resolve, reject) => {
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
    const match = /READY (\{.*\})/.exec(stderr)
    if (match) resolve(JSON.parse(match[1]))
  })
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}:\n${stderr}`)))
  setTimeout(() => reject(new Error('bench server did not start in 120 s')), 120_000).unref()
})

interface Figures {
  name: string
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
}

async function measure(name: string, port: number): Promise<Figures> {
  const url = `http://127.0.0.1:${port}${REQUEST}`
  await autocannon({ url, connections: CONNECTIONS, duration: 2 }) // warm-up: JIT, caches
  process.stderr.write(`bench: ${name} for ${DURATION_S} s at ${CONNECTIONS} connections…\n`)
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S })
  const latency = result.latency as unknown as Record<string, number>
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: latency.p50,
    p95: latency.p95 ?? latency.p97_5,
    p99: latency.p99,
    errors: result.errors + result.non2xx,
  }
}

try {
  const rows = [
    await measure('Payload REST handler (baseline)', ports.stock),
    await measure('ours, cache and coalescing off', ports.plain),
    await measure('ours, cache off (coalescing on)', ports.uncached),
    await measure('ours, cached', ports.cached),
  ]
  const baseline = rows[0].rps
  console.log(`\nDatabase: ${process.env.BENCH_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`)
  console.log(
    `GET /api/v1/posts (the site's blog index: 10 posts, depth 1, select + populate)\n${REQUEST}  (${CONNECTIONS} connections, ${DURATION_S} s each, loopback)\n`,
  )
  console.log('| target | req/s | p50 ms | p95 ms | p99 ms | non-2xx/errors | vs baseline |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.rps} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.errors} | ${(row.rps / baseline).toFixed(1)}× |`,
    )
  }
} finally {
  child.kill('SIGTERM')
}
