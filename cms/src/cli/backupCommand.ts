/** What the backup, restore and verify commands share: arguments, progress, one readable failure. */
import path from 'node:path'
import { parseArgs } from 'node:util'

import { BackupError } from '../backup/backupError'
import { formatBytes, progressPrinter, type ProgressListener } from '../backup/progress'
import { getEnv, type Env } from '../env'
import { passphraseOf } from '../backup/passphrase'

export interface CommandContext {
  env: Env
  /** The archive named on the command line, resolved against the folder the command was started from. */
  file: string | undefined
  flags: Record<string, boolean | string | undefined>
  passphrase: () => string | undefined
  progress: ProgressListener
  log: (line: string) => void
  /** Prints the result: JSON on stdout with --json, else the line on stderr. */
  done: (line: string, result: unknown) => void
}

export type FlagSpec = Record<string, { type: 'boolean' | 'string' }>

export async function runCommand(
  label: string,
  usage: string,
  flags: FlagSpec,
  body: (context: CommandContext) => Promise<void>,
): Promise<never> {
  const log = (line: string) => process.stderr.write(`${line}\n`)
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      options: {
        ...flags,
        json: { type: 'boolean' },
        'passphrase-file': { type: 'string' },
        help: { type: 'boolean' },
      },
      allowPositionals: true,
    })
  } catch (error) {
    log(`${label}: ${error instanceof Error ? error.message : String(error)}\n${usage}`)
    process.exit(2)
  }
  if (parsed.values.help) {
    log(usage)
    process.exit(0)
  }
  const env = getEnv()
  const json = Boolean(parsed.values.json)
  const positional = parsed.positionals[0]
  try {
    await body({
      env,
      file: positional ? path.resolve(env.invocationDir, positional) : undefined,
      flags: parsed.values as Record<string, boolean | string | undefined>,
      passphrase: () => passphraseOf(env, parsed.values['passphrase-file'] as string | undefined),
      progress: progressPrinter(label, { json }),
      log,
      done: (line, result) => {
        if (json) process.stdout.write(`${JSON.stringify(result)}\n`)
        else log(`${label}: ${line}`)
      },
    })
    process.exit(0)
  } catch (error) {
    if (error instanceof BackupError) {
      if (json) process.stdout.write(`${JSON.stringify({ ok: false, code: error.code, message: error.message })}\n`)
      log(`${label} refused (${error.code}): ${error.message}`)
      process.exit(1)
    }
    log(`${label} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  }
}

export { formatBytes }
