/**
 * One scheduled backup: the same consistent archive as `npm run backup` (runBackup), named after
 * its time, stored in the target (folder or bucket), then retention keeps the newest BACKUP_KEEP
 * scheduled archives. Success sets `mspn_backup_last_success_timestamp_seconds`; a failure is
 * logged with its reason, counted in `mspn_backup_failures_total` and thrown to the job (which
 * records it); nothing here can take the server down.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'

import type { Env } from '../env'
import { recordBackupFailure, recordBackupSuccess } from '../server/metrics'
import { lastGoodBackup, runBackup, STATUS_FILE } from './backup'
import { backupTarget, scheduledName, timeOfName, type BackupTarget } from './targets'

type Log = Record<'error' | 'info' | 'warn', (details: object, message: string) => void>

export interface ScheduledBackupResult {
  name: string
  location: string
  bytes: number
  durationMs: number
  /** Older scheduled archives deleted by retention. */
  removed: string[]
  /** The slot's archive was in the target already: nothing was done. */
  skipped?: true
}

function writeStatus(dir: string, status: { at: string; file: string; bytes: number }): void {
  fs.writeFileSync(path.join(dir, STATUS_FILE), `${JSON.stringify(status)}\n`)
}

/** The time in the status file a backup left in `dir` (written by every process that backs up there). */
function statusTime(dir: string): Date | undefined {
  try {
    return new Date((JSON.parse(fs.readFileSync(path.join(dir, STATUS_FILE), 'utf8')) as { at: string }).at)
  } catch {
    return undefined
  }
}

/** Deletes the oldest scheduled archives beyond `keep` (only names of the scheduled pattern). */
export async function applyRetention(target: BackupTarget, keep: number): Promise<string[]> {
  const names = await target.list()
  const excess = names.slice(0, Math.max(0, names.length - keep))
  for (const name of excess) await target.remove(name)
  return excess
}

export async function runScheduledBackup(
  payload: Payload,
  env: Env,
  logger: Log,
  options: { at?: Date; target?: BackupTarget } = {},
): Promise<ScheduledBackupResult> {
  const target = options.target ?? backupTarget(env)
  const at = options.at ?? new Date()
  const name = scheduledName(at, { gzip: true, encrypted: Boolean(env.backup.passphrase) })
  // Stored already by another process (a duplicate job for the same slot that ran after the first finished).
  if (options.at && (await target.list()).includes(name)) {
    logger.info({ name, location: target.location }, 'scheduled backup already stored')
    return { name, location: target.location, bytes: 0, durationMs: 0, removed: [], skipped: true }
  }
  const scratch = target.scratchDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-scheduled-'))
  const file = path.join(scratch, `.${name}.partial`)
  try {
    fs.mkdirSync(scratch, { recursive: true })
    const result = await runBackup({
      payload,
      file,
      mediaDir: env.mediaDir,
      mediaBucket: env.media.s3,
      passphrase: env.backup.passphrase,
    })
    await target.put(file, name)
    recordBackupSuccess(new Date())
    // runBackup's status file beside the archive names the partial file that was just renamed.
    if (target.scratchDir)
      writeStatus(target.scratchDir, { ...lastGoodBackup()!, file: path.join(target.scratchDir, name) })
    // A good archive is stored: a failing clean-up is logged but does not make the backup fail.
    let removed: string[] = []
    try {
      removed = await applyRetention(target, env.backup.keep)
    } catch (error) {
      logger.warn({ err: error, location: target.location }, 'backup retention failed')
    }
    const outcome = {
      name,
      location: target.location,
      bytes: result.bytes,
      durationMs: result.durationMs,
      removed,
    }
    logger.info(outcome, 'scheduled backup stored')
    return outcome
  } catch (error) {
    recordBackupFailure()
    logger.error({ err: error, location: target.location, name }, 'scheduled backup failed')
    throw error
  } finally {
    fs.rmSync(file, { force: true })
    if (!target.scratchDir) fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * Sets the last-success gauge from what the target already holds (the newest scheduled archive's
 * name), or the status file an `npm run backup` left in BACKUP_DIR, whichever is newer: a restarted
 * server reports the backup age truthfully instead of 0, which would fire the BackupTooOld alert.
 */
export async function initBackupGauge(env: Env, logger: Log, target = backupTarget(env)): Promise<Date | undefined> {
  let newest: Date | undefined
  try {
    const names = await target.list()
    newest = names.length > 0 ? timeOfName(names[names.length - 1]) : undefined
  } catch (error) {
    logger.warn({ err: error, location: target.location }, 'could not list backups to set the backup metric')
  }
  const manualAt = statusTime(env.backup.dir)
  if (manualAt && !Number.isNaN(manualAt.getTime()) && (!newest || manualAt > newest)) newest = manualAt
  if (newest) recordBackupSuccess(newest)
  return newest
}
