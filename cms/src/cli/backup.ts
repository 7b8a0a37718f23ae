/**
 * `npm run backup -- [file] [--passphrase-file f] [--no-gzip] [--json]`: one archive of the database
 * DATABASE_URL names and of the media folder, consistent while the CMS serves. Without a file: a
 * timestamped name under BACKUP_DIR. Never migrates: it reads the database as it is.
 */
import path from 'node:path'

import { runBackup } from '../backup/backup'
import { closeDatabase } from '../database'
import { bootPayload } from './boot'
import { formatBytes, runCommand } from './backupCommand'

const USAGE = 'usage: npm run backup -- [file] [--passphrase-file <file>] [--no-gzip] [--json]'

await runCommand(
  'backup',
  USAGE,
  { 'no-gzip': { type: 'boolean' } },
  async ({ env, file, flags, passphrase, progress, done }) => {
    const secret = passphrase()
    const gzip = !flags['no-gzip']
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const target =
      file ?? path.join(env.backup.dir, `mspn-backup-${stamp}.tar${gzip ? '.gz' : ''}${secret ? '.enc' : ''}`)
    const payload = await bootPayload(env, { migrate: false })
    try {
      const result = await runBackup({
        payload,
        file: target,
        mediaDir: env.mediaDir,
        mediaBucket: env.media.s3,
        gzip,
        passphrase: secret,
        onProgress: progress,
      })
      const documents = Object.values(result.manifest.collections).reduce((sum, c) => sum + c.documents, 0)
      done(
        `wrote ${result.file} (${formatBytes(result.bytes)}; ${documents} documents, ${result.manifest.media.files} media files${secret ? '; encrypted' : ''}) in ${(result.durationMs / 1000).toFixed(1)} s`,
        {
          ok: true,
          file: result.file,
          bytes: result.bytes,
          durationMs: result.durationMs,
          encrypted: Boolean(secret),
          manifest: result.manifest,
        },
      )
    } finally {
      await closeDatabase(payload)
    }
  },
)
