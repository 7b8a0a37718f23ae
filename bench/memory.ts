/**
 * `npm run bench:memory`: resident memory (RSS) of one `npm start` server process per role, on a
 * fresh seeded SQLite database, loopback only, bounded:
 *   SERVER_ROLE=api   the API only (Next.js never imported)
 *   SERVER_ROLE=all   API and admin panel (needs the admin build: `npm run build` first)
 * For each: RSS right after a first start (which seeds the empty file in the process), then of a
 * restarted process on the seeded file, as a worker of a running site is: idle; for `all`, again after the admin's sign-in page has been
 * rendered (Next.js loads its server bundles on first use); then the peak and final RSS under
 * BENCH_DURATION s of the site's read mix (every URL distinct, response cache on as in production)
 * at BENCH_CONNECTIONS. A resolve hook (cms/test/helpers/nextProbe.mjs) reports whether any Next.js
 * module was loaded. CACHE_MAX_BYTES and FAST_READ_MAX_BYTES, when set, are passed to the server (the
 * response cache and the fast read's projections are the memory that grows under load; defaults 64
 * and 32 MB); BENCH_NODE_OPTIONS adds Node options (a heap cap: `--max-old-space-size=192`). Writes
 * bench/results/memory-sqlite-<time>.json.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'

import { CONNECTIONS, DURATION_S, writeResults } from './harness'
import { SERVER_NODE_ARGS, serverEnv } from '../cms/src/cli/serverRuntime'
import { siteMix, type Content } from './requests'

const CMS = path.join(import.meta.dirname, '..', 'cms')
const mb = (kb: number) => Math.round(kb / 1024)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function slugs(api: string, collection: string): Promise<string[]> {
  const response = await fetch(`${api}/${collection}?limit=1000&depth=0&select[slug]=true`)
  const body = (await response.json()) as { docs: Array<{ slug: string }> }
  return body.docs.map((doc) => doc.slug)
}

interface RoleFigures {
  role: string
  /** Right after the first start, which seeded the empty database in the process. */
  firstStartMb: number
  idleMb: number
  afterAdminMb?: number
  loadPeakMb: number
  loadEndMb: number
  rps: number
  errors: number
  nextLoaded: string | null
}

function pick(from: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (from[name] ? [[name, from[name]]] : [])))
}

interface Server {
  url: string
  pid: number
  output: () => string
  stop: () => Promise<void>
}

/** One `npm start` server process, launched as scripts/start.mjs and the Docker image launch it. */
async function startServer(role: 'api' | 'all', dir: string): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/cli/start.ts'], {
    cwd: CMS,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...serverEnv(process.env),
      NODE_ENV: 'production',
      // BENCH_NODE_OPTIONS: extra Node options for the server, such as a heap cap for a lean API worker.
      NODE_OPTIONS:
        `--import ${path.join(CMS, 'test/helpers/nextProbe.mjs')} ${process.env.BENCH_NODE_OPTIONS ?? ''}`.trim(),
      APP_ENV: 'development',
      SERVER_ROLE: role,
      HOST: '127.0.0.1',
      PORT: String(port),
      PAYLOAD_SECRET: 'bench-only-secret-that-is-long-enough-0123456789',
      DATABASE_URL: `file:${path.join(dir, 'cms.db')}`,
      MEDIA_DIR: path.join(dir, 'media'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_API_PER_MINUTE: '1000000',
      // The two memory budgets, as a lean API worker might set them: passed through when given.
      ...pick(process.env, ['CACHE_MAX_BYTES', 'FAST_READ_MAX_BYTES']),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const stop = async () => {
    child.kill('SIGTERM')
    const timer = setTimeout(kill, 30_000)
    await exited
    clearTimeout(timer)
    process.off('exit', kill)
  }
  const started = Date.now()
  while (!output.includes('MSPN DEV CMS is up')) {
    if (child.exitCode !== null) throw new Error(`start (${role}) exited:\n${output.slice(-3000)}`)
    if (Date.now() - started > 600_000) {
      await stop()
      throw new Error(`start (${role}) did not come up in 10 min`)
    }
    await sleep(250)
  }
  await sleep(5000) // settle: the search index build, first timers
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, output: () => output, stop }
}

/**
 * A first start seeds the empty database in the process (images through sharp), which a worker of a
 * running site never does: it is measured on its own, then the process is restarted on the seeded
 * file and that one is measured idle, after the admin page and under load.
 */
async function measureRole(role: 'api' | 'all'): Promise<RoleFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-bench-memory-'))
  try {
    const first = await startServer(role, dir)
    const firstStart = rssKb(first.pid)
    await first.stop()
    const server = await startServer(role, dir)
    try {
      const { url, pid } = server
      const api = `${url}/api/v1`
      const idle = rssKb(pid)
      let afterAdmin: number | undefined
      if (role === 'all') {
        for (let i = 0; i < 3; i += 1) await (await fetch(`${url}/admin/login`)).arrayBuffer()
        await sleep(2000)
        afterAdmin = rssKb(pid)
      }
      const categorySlugs = await slugs(api, 'categories')
      const content: Content = {
        postSlugs: await slugs(api, 'posts'),
        categorySlugs,
        postsPerCategory: Object.fromEntries(categorySlugs.map((slug) => [slug, 9])),
        otherSlugs: {
          pages: await slugs(api, 'pages'),
          services: await slugs(api, 'services'),
          projects: await slugs(api, 'projects'),
          demos: await slugs(api, 'demos'),
        },
      }
      const urls = await siteMix(content, 30_000)
      let next = 0
      let peak = 0
      const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 200)
      process.stderr.write(`bench:memory: ${role} under load for ${DURATION_S} s…\n`)
      const result = await autocannon({
        url,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: urls[next++ % urls.length] }) }],
      })
      clearInterval(sampler)
      const end = rssKb(pid)
      return {
        role,
        firstStartMb: mb(firstStart),
        idleMb: mb(idle),
        afterAdminMb: afterAdmin === undefined ? undefined : mb(afterAdmin),
        loadPeakMb: mb(Math.max(peak, end)),
        loadEndMb: mb(end),
        rps: Math.round(result.requests.average),
        errors: result.errors + result.non2xx + result.timeouts,
        nextLoaded: /NEXT_LOADED (\S+)/.exec(server.output())?.[1] ?? null,
      }
    } finally {
      await server.stop()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const roles = (process.env.BENCH_ROLES ?? 'api,all').split(',') as Array<'api' | 'all'>
const rows: RoleFigures[] = []
for (const role of roles) rows.push(await measureRole(role))
const budgets = pick(process.env, ['CACHE_MAX_BYTES', 'FAST_READ_MAX_BYTES', 'BENCH_NODE_OPTIONS'])
console.log(
  `\nRSS of one server process (SQLite, restarted on the seeded file${Object.keys(budgets).length ? `, ${JSON.stringify(budgets)}` : ''}; load: the site's read mix, ${CONNECTIONS} connections, ${DURATION_S} s)\n`,
)
console.log(
  '| SERVER_ROLE | first start (seeding) MB | idle MB | after admin page MB | under load, peak MB | after load MB | req/s | errors | Next.js loaded |',
)
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
for (const row of rows)
  console.log(
    `| ${row.role} | ${row.firstStartMb} | ${row.idleMb} | ${row.afterAdminMb ?? '–'} | ${row.loadPeakMb} | ${row.loadEndMb} | ${row.rps} | ${row.errors} | ${row.nextLoaded ? 'yes' : 'no'} |`,
  )
console.log(
  `\nWritten to ${writeResults('memory', { name: 'memory', node: process.version, at: new Date().toISOString(), durationS: DURATION_S, connections: CONNECTIONS, budgets, rows })}`,
)
