/**
 * What `npm start` (production build) and `npm run dev` (hot reload) run once cli/start.ts has
 * validated the environment: build what is missing,
 * migrate, seed an empty database, then serve the API and admin on HOST:PORT.
 * With WEB_CONCURRENCY > 1 (not in dev) the primary process does the build, migrations and seed once,
 * then forks that many server processes sharing the port (server/workers.ts).
 * With SERVER_ROLE=api the admin panel is neither built nor loaded: Next.js is imported only for
 * SERVER_ROLE=all, so API-only processes do not carry it (see README "Scaling out").
 */
import cluster from 'node:cluster'

import { closeDatabase } from '../database'
import { cmsRoot, getEnv, redactUrl, type Env } from '../env'
import type { SeedResult } from '../seed'
import { startBackgroundWork } from '../jobs'
import { createApp, listen, type NextRequestHandler } from '../server'
import { apiOnlyFallback } from '../server/apiOnly'
import { installProcessErrorHandlers } from '../server/processErrors'
import { shutdownGracefully } from '../server/shutdown'
import { isClusterWorker, runPrimary } from '../server/workers'
import { bootPayload, seedIfEmpty } from './boot'
import { hasNextBuild, runNextBuild } from './nextBuild'

const dev = process.argv.includes('--dev')
const env = getEnv()
const log = (line: string) => process.stderr.write(`${line}\n`)
const started = Date.now()

const workers = dev ? 1 : env.webConcurrency
const withAdmin = env.serverRole === 'all'

/** What `npm start` prints once serving: addresses, and the first admin's sign-in when just created. */
function banner(env: Env, seeded: SeedResult | undefined): string {
  const lines = [
    '',
    `MSPN DEV CMS is up (${env.appEnv}${dev ? ', hot reload' : ''}${workers > 1 ? `, ${workers} workers` : ''}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    withAdmin ? `  Admin panel   ${env.publicUrl}/admin` : '  Admin panel   not served here (SERVER_ROLE=api)',
    `  REST API      ${env.publicUrl}/api/v1  (try ${env.publicUrl}/api/v1/posts)`,
    `  GraphQL       ${env.publicUrl}/api/v1/graphql${env.graphqlPlayground ? `  (playground: ${env.publicUrl}/api/v1/graphql-playground)` : ''}`,
  ]
  if (seeded?.created) lines.push(`  Demo content  ${seeded.created} documents created`)
  if (seeded?.admin?.password) {
    lines.push(
      `  Sign in as    ${seeded.admin.email} / ${seeded.admin.password}`,
      '                (generated now and shown only once: change it after signing in)',
    )
  } else if (seeded?.admin) {
    lines.push(`  Sign in as    ${seeded.admin.email} (password from ADMIN_PASSWORD)`)
  }
  if (env.usingDevelopmentSecret)
    lines.push('  Warning       PAYLOAD_SECRET is not set: using the development secret (refused in production)')
  if (workers > 1 && !env.redis)
    lines.push(
      '  Warning       REDIS_URL is not set: each worker keeps its own rate-limit counters and cache entries',
      '                (purges still reach every worker); set REDIS_URL to share them',
    )
  return `${lines.join('\n')}\n`
}

/** The primary of a cluster: build, migrate and seed once, then fork the workers and supervise them. */
async function primary(): Promise<void> {
  try {
    if (withAdmin && !hasNextBuild()) await runNextBuild(log)
    log(`database: ${env.database.kind} (${redactUrl(env.database.url)})`)
    const payload = await bootPayload(env)
    const seeded = await seedIfEmpty(payload, env, log)
    await closeDatabase(payload)
    const text = banner(env, seeded)
    const { stopped } = runPrimary({
      workers,
      log,
      shutdownTimeoutMs: env.shutdownTimeoutMs,
      onListening: () => log(text),
    })
    const code = await stopped
    log(`all workers stopped (exit ${code})`)
    process.exit(code)
  } catch (error) {
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}

/** The admin panel through Next.js, imported here only: an API-only process never loads it. */
async function adminHandler(): Promise<NextRequestHandler> {
  const { default: next } = await import('next')
  const nextApp = next({ dev, dir: cmsRoot, hostname: env.host, port: env.port })
  await nextApp.prepare()
  const handle = nextApp.getRequestHandler()
  return (req, res) => handle(req, res)
}

/** One server process: alone, or a cluster worker (whose primary already built, migrated and seeded). */
async function serve(): Promise<void> {
  try {
    const worker = isClusterWorker()
    if (withAdmin && !worker && !dev && !hasNextBuild()) await runNextBuild(log)

    if (!worker) log(`database: ${env.database.kind} (${redactUrl(env.database.url)})`)
    const payload = await bootPayload(env)
    const seeded = worker ? undefined : await seedIfEmpty(payload, env, log)

    const nextHandler = withAdmin ? await adminHandler() : apiOnlyFallback(payload.config.routes.admin)
    const cms = createApp({ payload, env, nextHandler })
    // Before the first request: a scheduled publish must not wait for traffic.
    const background = startBackgroundWork(payload, env, cms.logger)
    const server = await listen(cms.listener, env.host, env.port)

    if (worker) cms.logger.info({ pid: process.pid }, 'worker listening')
    else log(banner(env, seeded))

    let stopping = false
    const stop = (signal: string, exitCode = 0) => {
      if (stopping) return
      stopping = true
      cms.logger.info({ signal }, 'shutting down: draining requests')
      // Last resort if closing the database itself hangs.
      setTimeout(() => process.exit(1), env.shutdownTimeoutMs + 5000).unref()
      background
        .stop()
        .then(() => shutdownGracefully({ server, cms, payload, timeoutMs: env.shutdownTimeoutMs }))
        .then((drained) => {
          cms.logger.info({ drained }, 'shutdown complete')
          process.exit(exitCode)
        })
        .catch((error: unknown) => {
          cms.logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        })
    }
    // Logged with their request ID, counted, their request answered; after an uncaught exception the
    // process drains and exits 1 for its supervisor to replace it (why: processErrors.ts).
    installProcessErrorHandlers({ logger: cms.logger, onUncaughtException: () => stop('uncaughtException', 1) })
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
    // The primary went away without asking (killed): drain rather than serve unsupervised.
    if (worker) process.once('disconnect', () => stop('disconnect'))
  } catch (error) {
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}

if (workers > 1 && cluster.isPrimary) await primary()
else await serve()
