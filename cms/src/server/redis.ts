/**
 * The one Redis connection factory. Commands issued while connecting wait for the connection;
 * while Redis is down they fail within the command timeout (REDIS_COMMAND_TIMEOUT_MS, default
 * COMMAND_TIMEOUT_MS) instead of hanging the request.
 */
import { Redis } from 'ioredis'
import type { Logger } from 'pino'

export const COMMAND_TIMEOUT_MS = 500

export function createRedis(
  url: string,
  logger: Logger,
  role: string,
  commandTimeoutMs: number = COMMAND_TIMEOUT_MS,
): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  })
  let warned = false
  client.on('error', (error) => {
    if (warned) return
    warned = true
    logger.warn({ err: error, role }, 'redis unavailable')
  })
  client.on('ready', () => {
    if (warned) logger.info({ role }, 'redis reconnected')
    warned = false
  })
  return client
}
