/** The process logger: JSON lines (pretty in development), secrets redacted. */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'
import { build as prettyStream } from 'pino-pretty'
import type { Env } from '../env'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.apiKey',
]

export function createLogger(env: Env): Logger {
  const options: LoggerOptions = {
    level: env.logLevel,
    base: { service: 'cms' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }
  if (env.isDevelopment)
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true } } })
  // Buffered: lines written while a write is under way go out together, instead of one blocking
  // write per request (a cache hit's largest cost after sending its body). Pino flushes the
  // buffer synchronously when the process exits, crashes included.
  return pino(options, pino.destination({ dest: 1, sync: false }))
}

/**
 * Payload's own logger (migrations, adapter notes, the development mail log) in the same format:
 * one readable line per entry in development, JSON lines elsewhere.
 */
export function payloadLogger(env: Env): { options: LoggerOptions; destination?: DestinationStream } {
  const options = { level: env.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', '*.password'] }
  return env.isDevelopment
    ? { options, destination: prettyStream({ colorize: true, singleLine: true, ignore: 'pid,hostname' }) }
    : { options }
}
