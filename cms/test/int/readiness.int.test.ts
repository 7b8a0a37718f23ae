/** Readiness tells the truth when the database goes away, while liveness stays up. */
import { describe, expect, it } from 'vitest'

import pg from 'pg'

import { startTestCms, type TestCms } from '../helpers/cms'
import { request } from '../helpers/http'

/** Makes the database unreachable for this CMS the way an outage would, per adapter. */
async function cutOff(cms: TestCms): Promise<void> {
  const db = cms.payload.db as unknown as {
    client?: { close: () => void }
    connection?: { close: () => Promise<void> }
  }
  if (cms.db.kind === 'postgres') {
    const name = new URL(cms.db.url).pathname.slice(1)
    const admin = new pg.Client({ connectionString: process.env.TEST_DB_URL })
    await admin.connect()
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`)
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    )
    await admin.end()
  } else if (cms.db.kind === 'sqlite') {
    db.client?.close()
  } else {
    await db.connection?.close()
  }
}

describe('readiness when the database is gone', () => {
  it('answers 503 naming the database', async () => {
    // Its own file: one Payload instance per worker, and this one gets broken on purpose.
    const broken = await startTestCms()
    try {
      await cutOff(broken)
      const ready = await request(`${broken.url}/ready`)
      expect(ready.status).toBe(503)
      expect(ready.body.errors[0]).toMatchObject({ field: 'database', code: 'UNAVAILABLE' })
      expect((await request(`${broken.url}/health`)).status).toBe(200)
    } finally {
      broken.server.close()
      await broken.app.close()
      await broken.db.drop()
    }
  })
})
