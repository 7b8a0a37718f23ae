import { afterEach, describe, expect, it, vi } from 'vitest'

import { consoleJsonLogger, defaultLogger, silentLogger } from '../src/cms/logger.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('loggers', () => {
  it('writes one JSON object per line: info to stdout, warn to stderr', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {})
    const err = vi.spyOn(console, 'error').mockImplementation(() => {})

    consoleJsonLogger.info({ requestId: 'r1', status: 200 }, 'cms request')
    consoleJsonLogger.warn({ requestId: 'r2' }, 'cms request failed')

    expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toMatchObject({
      level: 'info',
      msg: 'cms request',
      requestId: 'r1',
      status: 200,
    })
    expect(JSON.parse(String(err.mock.calls[0]?.[0]))).toMatchObject({
      level: 'warn',
      msg: 'cms request failed',
      requestId: 'r2',
    })
  })

  it('is silent under tests and JSON elsewhere', () => {
    expect(defaultLogger('test')).toBe(silentLogger)
    expect(defaultLogger('production')).toBe(consoleJsonLogger)
    expect(() => silentLogger.info({}, 'x')).not.toThrow()
    expect(() => silentLogger.warn({}, 'x')).not.toThrow()
  })
})
