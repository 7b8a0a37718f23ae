/** Test doubles for the client's injectable parts (never for fetch). */
import type { CmsLogger } from '../../src/cms/logger.ts'
import type { Sleep } from '../../src/cms/retry.ts'

export interface LogLine {
  level: 'info' | 'warn'
  message: string
  fields: Record<string, unknown>
}

export function recordingLogger(): CmsLogger & { lines: LogLine[] } {
  const lines: LogLine[] = []
  return {
    lines,
    info: (fields, message) => lines.push({ level: 'info', message, fields }),
    warn: (fields, message) => lines.push({ level: 'warn', message, fields }),
  }
}

/** Resolves at once, remembering each requested delay, so retry tests stay fast. */
export function instantSleep(): Sleep & { delays: number[] } {
  const delays: number[] = []
  const sleep = async (ms: number, signal?: AbortSignal) => {
    delays.push(ms)
    if (signal?.aborted) throw signal.reason
  }
  return Object.assign(sleep, { delays })
}
