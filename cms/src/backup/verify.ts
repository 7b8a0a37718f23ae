/**
 * `verifyBackup`: restores an archive into a scratch SQLite database with its own media folder and
 * compares every row and file: a backup known to work. The scratch copy is removed afterwards.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { bootPayload } from '../cli/boot'
import { closeDatabase } from '../database'
import type { Env } from '../env'
import type { ProgressListener } from './progress'
import { runRestore, type RestoreResult } from './restore'

export interface VerifyOptions {
  /** The running configuration; only its database and media folder are replaced by scratch ones. */
  env: Env
  file: string
  passphrase?: string
  onProgress?: ProgressListener
}

export async function verifyBackup(options: VerifyOptions): Promise<RestoreResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-verify-'))
  const env: Env = {
    ...options.env,
    database: { ...options.env.database, url: `file:${path.join(scratch, 'verify.db')}`, kind: 'sqlite' },
    mediaDir: path.join(scratch, 'media'),
    // Never the live bucket: the scratch restore writes its files to the scratch folder.
    media: { s3: undefined },
  }
  const payload = await bootPayload(env, { key: `verify-${path.basename(scratch)}` })
  try {
    return await runRestore({
      payload,
      file: options.file,
      mediaDir: env.mediaDir,
      passphrase: options.passphrase,
      verify: true,
      onProgress: options.onProgress,
    })
  } finally {
    await closeDatabase(payload)
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}
