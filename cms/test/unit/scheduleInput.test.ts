import { describe, expect, it } from 'vitest'

import { MAX_SCHEDULE_AHEAD_MS, parseScheduleInput, ScheduleInputError } from '../../src/jobs/schedule'

const now = Date.parse('2030-06-01T12:00:00Z')

const problem = (body: unknown) => {
  try {
    parseScheduleInput(body, now)
  } catch (error) {
    if (error instanceof ScheduleInputError) return error.field
    throw error
  }
  return undefined
}

describe('schedule input', () => {
  it('accepts publish and unpublish at an ISO time with a zone', () => {
    expect(parseScheduleInput({ action: 'publish', at: '2030-06-01T12:05:00Z' }, now)).toEqual({
      action: 'publish',
      at: new Date('2030-06-01T12:05:00Z'),
    })
    expect(parseScheduleInput({ action: 'unpublish', at: '2030-06-02T09:00:00.250+02:00' }, now).at.toISOString()).toBe(
      '2030-06-02T07:00:00.250Z',
    )
  })

  it('names the field that is wrong', () => {
    expect(problem(undefined)).toBe('action')
    expect(problem({ action: 'delete', at: '2030-06-01T12:05:00Z' })).toBe('action')
    expect(problem({ action: ['publish'], at: '2030-06-01T12:05:00Z' })).toBe('action')
    expect(problem({ action: 'publish' })).toBe('at')
    expect(problem({ action: 'publish', at: 1_900_000_000_000 })).toBe('at')
    // No zone: whose nine o'clock would it be?
    expect(problem({ action: 'publish', at: '2030-06-01T13:00:00' })).toBe('at')
    expect(problem({ action: 'publish', at: '2030-02-31T13:00:00Z' })).toBe('at')
    expect(problem({ action: 'publish', at: 'next tuesday' })).toBe('at')
  })

  it('wants a time in the future, at most a year ahead', () => {
    expect(problem({ action: 'publish', at: '2030-06-01T12:00:00Z' })).toBe('at')
    expect(problem({ action: 'publish', at: '2029-01-01T00:00:00Z' })).toBe('at')
    expect(problem({ action: 'publish', at: new Date(now + MAX_SCHEDULE_AHEAD_MS + 1000).toISOString() })).toBe('at')
    expect(
      problem({ action: 'publish', at: new Date(now + MAX_SCHEDULE_AHEAD_MS - 1000).toISOString() }),
    ).toBeUndefined()
  })
})
