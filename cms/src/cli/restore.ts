/**
 * `npm run restore -- <file> [--replace] [--verify] [--passphrase-file f] [--json]`: an archive into
 * the database DATABASE_URL names (migrations applied first), on any SQL adapter. Refuses, writing
 * nothing: a non-empty target without --replace, a tampered or truncated archive, a wrong
 * passphrase, an archive from a newer schema.
 */
import { runRestore } from '../backup/restore'
import { closeDatabase } from '../database'
import { bootPayload } from './boot'
import { runCommand } from './backupCommand'

const USAGE = 'usage: npm run restore -- <file> [--replace] [--verify] [--passphrase-file <file>] [--json]'

await runCommand(
  'restore',
  USAGE,
  { replace: { type: 'boolean' }, verify: { type: 'boolean' } },
  async ({ env, file, flags, passphrase, progress, done, log }) => {
    if (!file) {
      log(USAGE)
      process.exit(2)
    }
    const secret = passphrase()
    const payload = await bootPayload(env)
    try {
      const result = await runRestore({
        payload,
        file,
        mediaDir: env.mediaDir,
        mediaBucket: env.media.s3,
        passphrase: secret,
        replace: Boolean(flags.replace),
        verify: Boolean(flags.verify),
        onProgress: progress,
      })
      done(
        `restored ${result.rows} rows and ${result.mediaFiles} media files from ${file}${result.verified !== undefined ? `; verified ${result.verified} rows` : ''} in ${(result.durationMs / 1000).toFixed(1)} s`,
        {
          ok: true,
          file,
          rows: result.rows,
          mediaFiles: result.mediaFiles,
          verified: result.verified,
          durationMs: result.durationMs,
        },
      )
    } finally {
      await closeDatabase(payload)
    }
  },
)
