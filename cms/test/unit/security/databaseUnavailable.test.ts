/** Which errors mean "the database is unavailable" (503) rather than a bug (500), per driver. */
import { describe, expect, it } from 'vitest'

import { isDatabaseUnavailable } from '../../../src/database'
import { DATABASE_UNAVAILABLE, normalizePayloadError } from '../../../src/server/errors'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailable', () => {
  it('recognises PostgreSQL connection failures, directly or wrapped by Drizzle and Payload', () => {
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Query read timeout'))).toBe(true)
    expect(
      isDatabaseUnavailable(
        new Error('Failed query: select 1', { cause: new Error('Connection terminated unexpectedly') }),
      ),
    ).toBe(true)
    expect(
      isDatabaseUnavailable(new Error('Error: cannot begin transaction: connect ECONNREFUSED 127.0.0.1:5432')),
    ).toBe(true)
    expect(isDatabaseUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true)
    expect(isDatabaseUnavailable(withCode('connection failure', '08006'))).toBe(true)
    expect(isDatabaseUnavailable(withCode('canceling statement due to statement timeout', '57014'))).toBe(true)
  })

  it('recognises a locked or vanished SQLite file and MongoDB selection failures', () => {
    expect(isDatabaseUnavailable(withCode('SQLITE_BUSY: database is locked', 'SQLITE_BUSY'))).toBe(true)
    expect(isDatabaseUnavailable(withCode('disk I/O error', 'SQLITE_IOERR_WRITE'))).toBe(true)
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('Server selection timed out'), { name: 'MongoServerSelectionError' }),
      ),
    ).toBe(true)
  })

  it('leaves real bugs and bad input alone', () => {
    expect(isDatabaseUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false)
    expect(isDatabaseUnavailable(withCode('SQLITE_CONSTRAINT: UNIQUE constraint failed', 'SQLITE_CONSTRAINT'))).toBe(
      false,
    )
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
    const loop: { message: string; cause?: unknown } = { message: 'loop' }
    loop.cause = loop
    expect(isDatabaseUnavailable(loop)).toBe(false)
  })
})

describe('the 503 envelope', () => {
  it('keeps our DATABASE_UNAVAILABLE message and code, and hides every other 5xx', () => {
    expect(
      normalizePayloadError(503, {
        errors: [{ message: DATABASE_UNAVAILABLE.message, name: DATABASE_UNAVAILABLE.code }],
      }),
    ).toEqual([{ message: DATABASE_UNAVAILABLE.message, code: 'DATABASE_UNAVAILABLE' }])
    const hidden = normalizePayloadError(500, { errors: [{ message: 'relation "x" does not exist', name: 'Error' }] })
    expect(hidden).toEqual([{ message: expect.not.stringContaining('relation'), code: 'INTERNAL' }])
  })
})
