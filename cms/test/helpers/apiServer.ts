/**
 * A second CMS process for multi-process tests: the real app (no admin panel) on the database and
 * Redis named in the environment. Prints `READY <url>` when listening; SIGTERM drains and exits.
 */
import type { AddressInfo } from 'node:net'

import { bootPayload } from '../../src/cli/boot'
import { getEnv } from '../../src/env'
import { createApp, listen } from '../../src/server'
import { shutdownGracefully } from '../../src/server/shutdown'

const env = getEnv()
const payload = await bootPayload(env, { generateTypes: false })
const cms = createApp({ payload, env })
const server = await listen(cms.listener, '127.0.0.1', 0)
process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`)
process.once('SIGTERM', () => {
  void shutdownGracefully({ server, cms, payload, timeoutMs: env.shutdownTimeoutMs }).then((drained) => {
    process.stdout.write(`DRAINED ${drained}\n`)
    process.exit(0)
  })
})
