/**
 * Scheduled jobs live in the database: jobs queued while no runner was up run once a CMS process
 * starts, and when several CMS processes share the database (a SQLite file, PostgreSQL) each job
 * runs exactly once, however their runners race.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { claimJob } from '../../src/jobs/claim'
import { richText } from '../../src/seed/lexical'
import { createUser, startTestCms, TEST_SECRET, type TestCms } from '../helpers/cms'
import { startJobRunnerProcess, type JobRunnerProcess } from '../helpers/process'

const BEFORE_START = 2
const WHILE_RUNNING = 8

let cms: TestCms
let authorId: number
const processes: JobRunnerProcess[] = []

async function draftPost(payload: Payload, title: string) {
  const doc = await payload.create({
    collection: 'posts',
    data: {
      title,
      excerpt: `${title} excerpt`,
      content: richText(`${title} body`),
      author: authorId,
      _status: 'draft',
    },
    draft: true,
    overrideAccess: true,
  })
  return doc.id
}

const queuePublish = (payload: Payload, id: number | string, waitUntil: Date) =>
  payload.jobs.queue({
    task: 'schedulePublish',
    waitUntil,
    input: { type: 'publish', doc: { relationTo: 'posts', value: String(id) } } as never,
  })

const publishedVersions = async (payload: Payload, id: number | string) =>
  (
    await payload.findVersions({
      collection: 'posts',
      where: { and: [{ parent: { equals: id } }, { 'version._status': { equals: 'published' } }] },
      overrideAccess: true,
    })
  ).totalDocs

const isPublished = async (id: number | string) =>
  (await cms.payload.findByID({ collection: 'posts', id, overrideAccess: true }))._status === 'published'

beforeAll(async () => {
  cms = await startTestCms()
  authorId = (await createUser(cms, 'editor')).user.id
})

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop().catch(() => 0)))
  await cms?.stop()
})

describe('jobs on a shared database', () => {
  it('lets one caller claim a job, however many try at once', async () => {
    const id = await draftPost(cms.payload, 'Claimed once')
    const job = await queuePublish(cms.payload, id, new Date(Date.now() - 1000))
    const claims = await Promise.all(Array.from({ length: 6 }, () => claimJob(cms.payload, job.id)))
    expect(claims.filter(Boolean)).toHaveLength(1)
    // A claim left by a process that died long ago may be taken over.
    const muchLater = new Date(Date.now() + 11 * 60_000)
    expect(await claimJob(cms.payload, job.id, muchLater)).toBe(true)
    await cms.payload.delete({ collection: 'payload-jobs', id: job.id, overrideAccess: true })
  })

  it('runs jobs queued before any runner started, and each job once with two processes racing', async () => {
    const early = await Promise.all(
      Array.from({ length: BEFORE_START }, (_, i) => draftPost(cms.payload, `Queued early ${i}`)),
    )
    // Due before the processes exist: as after a restart, or a night with the CMS down.
    for (const id of early) await queuePublish(cms.payload, id, new Date(Date.now() + 200))
    const env = {
      DATABASE_URL: cms.db.url,
      PAYLOAD_SECRET: TEST_SECRET,
      MEDIA_DIR: cms.env.mediaDir,
      JOBS_INTERVAL_MS: '250',
    }
    processes.push(...(await Promise.all([startJobRunnerProcess(env), startJobRunnerProcess(env)])))

    const late = await Promise.all(
      Array.from({ length: WHILE_RUNNING }, (_, i) => draftPost(cms.payload, `Raced ${i}`)),
    )
    const due = new Date(Date.now() + 1000)
    for (const id of late) await queuePublish(cms.payload, id, due)
    const ids = [...early, ...late]
    for (let i = 0; i < 300; i += 1) {
      if ((await Promise.all(ids.map(isPublished))).every(Boolean)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const states = await Promise.all(ids.map(isPublished))
    if (!states.every(Boolean))
      throw new Error(`not all published: ${states}\n${processes.map((p) => p.output()).join('\n---\n')}`)
    // Several more ticks of both runners: a job run twice would show now.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const runners = processes.splice(0)
    const ran = await Promise.all(runners.map((p) => p.stop()))
    const logs = runners.map((p) => p.output()).join('\n---\n')

    expect(ran[0] + ran[1], logs).toBe(ids.length)
    for (const id of ids) {
      expect(await isPublished(id)).toBe(true)
      expect(await publishedVersions(cms.payload, id)).toBe(1)
    }
    // Nothing left pending or half-claimed (Payload removes a job once it completed).
    const { docs } = await cms.payload.find({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'schedulePublish' } },
      overrideAccess: true,
      limit: 100,
    })
    expect(docs, logs).toEqual([])
  }, 400_000)

  it('starts no job runner in a process that only boots Payload (tests, seed, migrate)', async () => {
    // Payload's own cron would start on the first request through its handlers; it has nothing to run.
    await fetch(`${cms.api}/posts?limit=1`)
    expect(cms.payload.config.jobs.autoRun).toEqual([])
    expect(cms.payload.crons).toHaveLength(0)
  })
})
