/** The passphrase of a command: from --passphrase-file (first line) or else BACKUP_PASSPHRASE. */
import fs from 'node:fs'
import path from 'node:path'

import type { Env } from '../env'
import { BackupError } from './backupError'

export function passphraseOf(env: Env, passphraseFile: string | undefined): string | undefined {
  if (!passphraseFile) return env.backup.passphrase
  let text: string
  try {
    text = fs.readFileSync(path.resolve(env.invocationDir, passphraseFile), 'utf8')
  } catch (error) {
    throw new BackupError(
      'PASSPHRASE_REQUIRED',
      `cannot read the passphrase file ${passphraseFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    )
  }
  const passphrase = text.split(/\r?\n/)[0] ?? ''
  if (passphrase.length < 12)
    throw new BackupError('PASSPHRASE_REQUIRED', 'the passphrase must be at least 12 characters')
  return passphrase
}
