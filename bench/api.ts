/**
 * `npm run bench [-- --compare bench/results/<earlier>.json]`: the public read path under load,
 * on loopback, bounded in time. One target process (server.ts) holds a throwaway database with the
 * demo content and BENCH_POSTS generated posts (default 1,000); the same list of requests — the
 * site's real mix (post pages, blog and category list pages, globals, other lists and documents),
 * built by the site's own query code, every URL distinct (requests.ts) — is sent to:
 *   1. Payload's REST handler alone (the baseline),
 *   2. our stack with the response cache off (every read reaches Payload),
 * then the first 50 URLs of the mix, repeated, to
 *   3. our stack with the cache on (every read a hit after the warm-up),
 *   4. a bare node:http server answering the same bytes (what the machine can do).
 * Prints req/s, p50/p95/p99, errors and the ratios ours-uncached ÷ Payload and cached ÷ bare;
 * writes them to bench/results/api-<db>-<timestamp>.json.
 * Knobs: BENCH_DB=sqlite|postgres (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_POSTS, BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 20).
 */
import {
  compare,
  compareFile,
  CONNECTIONS,
  DB,
  DURATION_S,
  measure,
  startTarget,
  table,
  untilProjected,
  writeResults,
  type Figures,
} from './harness'

const POSTS = process.env.BENCH_POSTS ?? '1000'
const target = await startTarget({ BENCH_POSTS: POSTS })
try {
  const { ports, plan } = target
  const rows: Figures[] = [
    await measure('Payload REST handler', ports.stock, plan.mix),
    await measure('ours, uncached', ports.uncached, plan.mix, false, () =>
      untilProjected('ours, uncached', ports.uncached),
    ),
    await measure('ours, cached', ports.cached, plan.cached, true),
    await measure('bare node:http, same bytes', ports.bare, plan.cached, true),
  ]
  const [stock, uncached, cached, bare] = rows
  const ratios = {
    uncachedVsPayload: Number((uncached.rps / stock.rps).toFixed(2)),
    cachedVsBare: Number((cached.rps / bare.rps).toFixed(2)),
  }
  console.log(
    `\nDatabase: ${DB}, ${target.posts} posts; ${CONNECTIONS} connections, ${DURATION_S} s per target, loopback.`,
  )
  console.log(`Rows 1–2: the site's read mix, every URL distinct (${plan.mix.length} in the plan).`)
  console.log(`Rows 3–4: ${plan.cached.length} URLs of that mix, repeated.\n`)
  console.log(table(rows))
  console.log(
    `\nours uncached ÷ Payload: ${ratios.uncachedVsPayload}×   ours cached ÷ bare node: ${(ratios.cachedVsBare * 100).toFixed(0)} %`,
  )
  const file = writeResults('api', {
    name: 'api',
    db: DB,
    posts: target.posts,
    durationS: DURATION_S,
    connections: CONNECTIONS,
    node: process.version,
    at: new Date().toISOString(),
    rows,
    ratios,
  })
  console.log(`\nWritten to ${file}`)
  const earlier = compareFile()
  if (earlier) console.log(`\n${compare(rows, earlier)}`)
} finally {
  await target.stop()
}
