/**
 * `npm run backup:verify -- <file> [--passphrase-file f] [--json]`: restores the archive into a
 * scratch SQLite database and compares every row and media file. Touches nothing else.
 */
import { verifyBackup } from '../backup/verify'
import { runCommand } from './backupCommand'

const USAGE = 'usage: npm run backup:verify -- <file> [--passphrase-file <file>] [--json]'

await runCommand('backup:verify', USAGE, {}, async ({ env, file, passphrase, progress, done, log }) => {
  if (!file) {
    log(USAGE)
    process.exit(2)
  }
  const result = await verifyBackup({ env, file, passphrase: passphrase(), onProgress: progress })
  done(
    `${file} is good: ${result.verified} rows and ${result.mediaFiles} media files restored and compared (taken ${result.manifest.createdAt} on ${result.manifest.source.database})`,
    { ok: true, file, verified: result.verified, mediaFiles: result.mediaFiles, createdAt: result.manifest.createdAt },
  )
})
