/**
 * `npm start` (production build) and `npm run dev` (hot reload): build what is missing,
 * migrate, seed an empty database, then serve the API and admin on HOST:PORT.
 */
import next from 'next'

import { cmsRoot, getEnv, redactUrl } from '../env'
import { startBackgroundWork } from '../jobs'
import { createApp, listen } from '../server'
import { installProcessErrorHandlers } from '../server/processErrors'
import { shutdownGracefully } from '../server/shutdown'
import { bootPayload, seedIfEmpty } from './boot'
import { hasNextBuild, runNextBuild } from './nextBuild'

const dev = process.argv.includes('--dev')
const env = getEnv()
const log = (line: string) => process.stderr.write(`${line}\n`)
const started = Date.now()

try {
  if (!dev && !hasNextBuild()) await runNextBuild(log)

  log(`database: ${env.database.kind} (${redactUrl(env.database.url)})`)
  const payload = await bootPayload(env)
  const seeded = await seedIfEmpty(payload, env, log)

  const nextApp = next({ dev, dir: cmsRoot, hostname: env.host, port: env.port })
  await nextApp.prepare()
  const handle = nextApp.getRequestHandler()
  const cms = createApp({ payload, env, nextHandler: (req, res) => handle(req, res) })
  // Before the first request: a scheduled publish must not wait for traffic.
  const background = startBackgroundWork(payload, env, cms.logger)
  const server = await listen(cms.app, env.host, env.port)

  const lines = [
    '',
    `MSPN DEV CMS is up (${env.appEnv}${dev ? ', hot reload' : ''}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  Admin panel   ${env.publicUrl}/admin`,
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
  log(`${lines.join('\n')}\n`)

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
} catch (error) {
  log(`start failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
