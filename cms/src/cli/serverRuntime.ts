/**
 * How a CMS server process is launched, kept in one place: scripts/start.mjs (`npm start` at the root)
 * and bench/memory.ts read it; the cms package's `start` script and the Docker image's CMD repeat it,
 * and a unit test holds them to it. Plain Node can import this file (its types are erasable).
 *
 * - `--max-semi-space-size=16`: V8's young generation is capped at 2 × 16 MB. Node 24 sizes it from
 *   the machine's memory (2 × 64 MB on 24 GB), and a server touches all of it under load; Node 20's
 *   default was 16, and the read benchmarks show no loss in req/s with it.
 * - `--heap-growing-percent=20`: after each full collection V8 lets the old generation grow to 1.2 × what
 *   is live before the next one, instead of a factor it picks (up to 4 ×) while the process allocates
 *   fast: under a read load an API worker's peak went from about 440 MB to about 290 (bench:memory).
 *   Unlike a heap cap it follows what is live, so a large search index still fits.
 * - `MALLOC_ARENA_MAX=2`: glibc otherwise gives each thread (sharp's image workers, libsql, the
 *   threadpool) arenas of its own, which keep freed memory; an operator's own value is kept.
 */
export const SERVER_NODE_ARGS: readonly string[] = [
  '--max-semi-space-size=16',
  '--heap-growing-percent=20',
  '--import',
  'tsx',
]

export function serverEnv(environment: Record<string, string | undefined>): Record<string, string> {
  return { MALLOC_ARENA_MAX: environment.MALLOC_ARENA_MAX ?? '2' }
}
