/**
 * How a CMS server process is launched, kept in one place: scripts/start.mjs (`npm start` at the root)
 * and bench/memory.ts read it; the cms package's `start` script and the Docker image's CMD repeat it,
 * and a unit test holds them to it. Plain Node can import this file (its types are erasable).
 *
 * - `--max-semi-space-size=16`: V8's young generation is capped at 2 × 16 MB. Node 24 sizes it from
 *   the machine's memory (2 × 64 MB on 24 GB), and a server touches all of it under load; Node 20's
 *   default was 16, and the read benchmarks show no loss in req/s with it.
 * - `MALLOC_ARENA_MAX=2`: glibc otherwise gives each thread (sharp's image workers, libsql, the
 *   threadpool) arenas of its own, which keep freed memory; an operator's own value is kept.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=16', '--import', 'tsx']

export function serverEnv(environment: Record<string, string | undefined>): Record<string, string> {
  return { MALLOC_ARENA_MAX: environment.MALLOC_ARENA_MAX ?? '2' }
}
