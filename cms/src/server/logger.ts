/** The process logger: JSON lines (pretty in development), secrets redacted. */
import pino, { type Logger } from 'pino'
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
  return pino({
    level: env.logLevel,
    base: { service: 'cms' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport: env.isDevelopment ? { target: 'pino-pretty', options: { colorize: true, singleLine: true } } : undefined,
  })
}
