/**
 * Scheduled backups into BACKUP_DIR through the jobs queue, on every database the run has: a
 * every-second BACKUP_CRON drives the real runner, retention keeps BACKUP_KEEP scheduled archives and
 * touches nothing else in the folder, the newest archive restores and verifies, the last-success gauge
 * follows (and is rebuilt from the folder after a restart), a failing target is counted without
 * harm, two Payload instances on one database never run the same slot twice, and a bad cron is refused.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { verifyBackup } from '../../src/backup'
import { initBackupGauge, runScheduledBackup } from '../../src/backup/scheduled'
import { directoryTarget, SCHEDULED_NAME, timeOfName } from '../../src/backup/targets'
import { bootPayload } from '../../src/cli/boot'
import { closeDatabase } from '../../src/database'
import { EnvError, parseEnv } from '../../src/env'
import { startBackgroundWork } from '../../src/jobs'
import { ensureBackupScheduled, SCHEDULED_BACKUP_TASK } from '../../src/jobs/backupSchedule'
import { createJobRunner } from '../../src/jobs/runner'
import { recordBackupSuccess } from '../../src/server/metrics'
import { startTestCms, type TestCms } from '../helpers/cms'
import { runBackupsUntilSeen } from '../helpers/scheduledBackups'
import { until } from '../helpers/wait'

const PASSPHRASE = 'scheduled backups passphrase'
const EVERY_SECOND = '* * * * * *'
const silent = { error: () => undefined, info: () => undefined, warn: () => undefined }

let cms: TestCms
let dir: string

const scheduled = () => fs.readdirSync(dir).filter((name) => SCHEDULED_NAME.test(name))

async function metric(name: string): Promise<number> {
  const text = await cms.app.metrics.registry.metrics()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  if (!line) throw new Error(`${name} not exposed`)
  return Number(line.split(' ')[1])
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-scheduled-test-'))
  // Not scheduled archives: retention must leave them alone.
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me')
  fs.writeFileSync(path.join(dir, 'mspn-backup-2020-01-01T00-00-00-000Z.tar.gz'), 'a manual backup')
  fs.writeFileSync(path.join(dir, 'mspn-scheduled-20200101T000000Z.tar.gz.bak'), 'not the pattern')
  cms = await startTestCms({
    env: { BACKUP_DIR: dir, BACKUP_CRON: EVERY_SECOND, BACKUP_KEEP: '2', BACKUP_PASSPHRASE: PASSPHRASE },
  })
  await cms.payload.create({ collection: 'categories', data: { title: 'Backed up', slug: 'backed-up' } as never })
})

afterAll(async () => {
  await cms?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('scheduled backups into a folder', () => {
  it('runs on the cron through the jobs queue, keeps BACKUP_KEEP archives and nothing else changes', async () => {
    const started = Math.floor(Date.now() / 1000)
    const seen = await runBackupsUntilSeen(cms, scheduled)
    const names = scheduled()
    // At least three were made; the two newest are kept.
    expect(names).toHaveLength(2)
    expect(names).toEqual([...seen].sort().slice(-2))
    expect(await metric('mspn_backup_last_success_timestamp_seconds')).toBeGreaterThanOrEqual(started)
    expect(names.every((name) => name.endsWith('.tar.gz.enc'))).toBe(true)
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me')
    expect(fs.existsSync(path.join(dir, 'mspn-backup-2020-01-01T00-00-00-000Z.tar.gz'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'mspn-scheduled-20200101T000000Z.tar.gz.bak'))).toBe(true)
    // No partial file is left behind.
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([])

    const newest = names[names.length - 1]
    const result = await verifyBackup({ env: cms.env, file: path.join(dir, newest), passphrase: PASSPHRASE })
    expect(result.manifest.collections.categories.documents).toBe(1)
    expect(await metric('mspn_backup_failures_total')).toBe(0)

    // A restart: the gauge starts from the newest archive in the folder, not from 0.
    recordBackupSuccess(new Date(0))
    const init = await initBackupGauge(cms.env, silent)
    // The status file beside the archives has the newest one's completion time (after its slot).
    const status = JSON.parse(fs.readFileSync(path.join(dir, 'last-good-backup.json'), 'utf8'))
    expect(status.file).toBe(path.join(dir, newest))
    expect(init?.toISOString()).toBe(status.at)
    expect(init!.getTime()).toBeGreaterThanOrEqual(timeOfName(newest)!.getTime())
    expect(await metric('mspn_backup_last_success_timestamp_seconds')).toBe(Math.floor(init!.getTime() / 1000))
    // Without the status file, the newest archive's name says when.
    fs.rmSync(path.join(dir, 'last-good-backup.json'))
    recordBackupSuccess(new Date(0))
    expect((await initBackupGauge(cms.env, silent))?.toISOString()).toBe(timeOfName(newest)?.toISOString())
  })

  it('a failing target is logged with its reason and counted, and changes nothing', async () => {
    const blocker = path.join(dir, 'notes.txt')
    const errors: string[] = []
    const before = await metric('mspn_backup_failures_total')
    await expect(
      runScheduledBackup(
        cms.payload,
        cms.env,
        { ...silent, error: (_details, message) => errors.push(message) },
        // A folder below a regular file cannot be created.
        { target: directoryTarget(path.join(blocker, 'sub')) },
      ),
    ).rejects.toThrow()
    expect(errors).toEqual(['scheduled backup failed'])
    expect(await metric('mspn_backup_failures_total')).toBe(before + 1)
    expect(fs.readFileSync(blocker, 'utf8')).toBe('keep me')
  })

  it('one job waits for the next slot; a changed cron replaces it; switching it off removes it unrun', async () => {
    const waiting = async () =>
      (
        await cms.payload.find({
          collection: 'payload-jobs',
          where: { and: [{ taskSlug: { equals: SCHEDULED_BACKUP_TASK } }, { completedAt: { exists: false } }] },
          overrideAccess: true,
          depth: 0,
        })
      ).docs.map((job) => job.input as { cron: string; slot: string })
    const now = new Date('2030-01-01T10:30:00Z')
    await ensureBackupScheduled(cms.payload, '0 3 * * *', now)
    // Idempotent: the next call keeps the one job.
    await ensureBackupScheduled(cms.payload, '0 3 * * *', now)
    const daily = await waiting()
    expect(daily).toHaveLength(1)
    expect(daily[0].cron).toBe('0 3 * * *')
    // The next 03:00 of the server's time zone after `now`.
    const slot = new Date(daily[0].slot)
    expect([slot.getHours(), slot.getMinutes(), slot.getSeconds()]).toEqual([3, 0, 0])
    expect(slot.getTime() - now.getTime()).toBeGreaterThan(0)
    expect(slot.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600_000)
    await ensureBackupScheduled(cms.payload, '0 4 * * 0', now)
    expect((await waiting()).map((input) => input.cron)).toEqual(['0 4 * * 0'])
    await ensureBackupScheduled(cms.payload, undefined, now)
    expect(await waiting()).toEqual([])

    // A server started without BACKUP_CRON removes a job an earlier schedule left, due or not, unrun.
    await ensureBackupScheduled(cms.payload, EVERY_SECOND, new Date(Date.now() - 60_000))
    expect(await waiting()).toHaveLength(1)
    const before = scheduled()
    const unscheduled = { ...cms.env, jobsIntervalMs: 200, backup: { ...cms.env.backup, cron: undefined } }
    const background = startBackgroundWork(cms.payload, unscheduled, cms.app.logger)
    try {
      await until(async () => (await waiting()).length === 0)
    } finally {
      await background.stop()
    }
    expect(scheduled()).toEqual(before)
  })

  it('a duplicate job for a slot does nothing: an older job for it exists, or its archive is stored', async () => {
    const slot = '2099-01-01T00:00:00.000Z'
    const name = 'mspn-scheduled-20990101T000000Z.tar.gz.enc'
    const queue = async () =>
      (
        await cms.payload.jobs.queue({
          task: SCHEDULED_BACKUP_TASK,
          input: { cron: EVERY_SECOND, slot },
          overrideAccess: true,
        })
      ).id
    const run = (id: number | string) => cms.payload.jobs.runByID({ id, overrideAccess: true })
    const [first, second] = [await queue(), await queue()]
    await run(second)
    expect(scheduled()).not.toContain(name)
    await run(first)
    expect(scheduled()).toContain(name)
    const written = fs.statSync(path.join(dir, name)).mtimeMs
    // The first job is gone (completed); a late duplicate finds the archive and leaves it as it is.
    await run(await queue())
    expect(fs.statSync(path.join(dir, name)).mtimeMs).toBe(written)
  })

  it('two Payload instances on one database run each slot once', async () => {
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-scheduled-shared-'))
    const env = { ...cms.env, backup: { ...cms.env.backup, dir: shared, keep: 1000 } }
    const instances: Payload[] = []
    const runners: ReturnType<typeof createJobRunner>[] = []
    try {
      // Same database, each its own Payload (own connections) whose task writes to `shared`.
      for (const name of ['first', 'second'])
        instances.push(await bootPayload(env, { key: `scheduled-${name}-${path.basename(shared)}` }))
      for (const payload of instances) {
        runners.push(
          createJobRunner(payload, {
            intervalMs: 100,
            logger: silent,
            beforeTick: (now) => ensureBackupScheduled(payload, EVERY_SECOND, now),
          }),
        )
      }
      const count = () => fs.readdirSync(shared).filter((name) => SCHEDULED_NAME.test(name)).length
      await until(() => count() >= 4)
      for (const runner of runners) await runner.stop()
      const ran = runners.reduce((sum, runner) => sum + runner.total(), 0)
      // Each run writes its slot's name: a slot run twice would leave fewer archives than runs.
      expect(count()).toBe(ran)
      await ensureBackupScheduled(instances[0], undefined)
    } finally {
      for (const runner of runners) await runner.stop()
      for (const payload of instances) await closeDatabase(payload)
      fs.rmSync(shared, { recursive: true, force: true })
    }
  })

  it('refuses a bad BACKUP_CRON at start, naming the variable', () => {
    for (const cron of ['every night', '61 * * * *', '* * *']) {
      let error: unknown
      try {
        parseEnv({ APP_ENV: 'test', BACKUP_CRON: cron })
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(EnvError)
      expect((error as EnvError).problems.join('\n')).toMatch(/^BACKUP_CRON: is not a cron expression/m)
    }
    expect(parseEnv({ APP_ENV: 'test', BACKUP_CRON: '0 3 * * *' }).backup.cron).toBe('0 3 * * *')
    expect(parseEnv({ APP_ENV: 'test' }).backup).toMatchObject({ cron: undefined, keep: 7, s3: undefined })
    expect(() => parseEnv({ APP_ENV: 'test', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/)
  })
})
