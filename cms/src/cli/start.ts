/**
 * `npm start` and `npm run dev`: the environment is validated first, before the server's modules load
 * (Payload, Next.js, the database drivers: seconds of imports, more on a busy machine), so a
 * misconfigured process exits 1 with its message at once; then cli/serve.ts starts the server.
 * Cluster workers run this file too.
 */
import { setSourceMapsSupport } from 'node:module'

import { getEnv } from '../env'

// tsx turns source maps on for every module; the project's own (TypeScript) files keep theirs for
// stack traces, while the maps shipped in node_modules (Payload, Next.js, drizzle…) are neither
// read nor kept: about 20 MB per process.
setSourceMapsSupport(true, { nodeModules: false, generatedCode: false })
getEnv()
await import('./serve')
