/** The end-to-end tests drive the production build; make it once if it is missing. */
import { hasNextBuild, runNextBuild } from '../../src/cli/nextBuild'

export default async function setup(): Promise<void> {
  if (!hasNextBuild()) await runNextBuild((line) => process.stderr.write(`${line}\n`))
}
