/** `npm run build`: compiles the admin panel. */
import { getEnv } from '../env'
import { runNextBuild } from './nextBuild'

getEnv()
try {
  await runNextBuild((line) => process.stderr.write(`${line}\n`))
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
