/**
 * `npm start` and `npm run dev`: the environment is validated first, before the server's modules load
 * (Payload, Next.js, the database drivers: seconds of imports, more on a busy machine), so a
 * misconfigured process exits 1 with its message at once; then cli/serve.ts starts the server.
 * Cluster workers run this file too.
 */
import { getEnv } from '../env'

getEnv()
await import('./serve')
