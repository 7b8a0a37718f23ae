/**
 * The client logs one line per attempt. The interface is the subset of pino's that it uses,
 * so a pino logger can be passed straight in; the default writes one JSON object per line.
 */
export interface CmsLogger {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

/** Drops everything: for tests, or callers that log elsewhere. */
export const silentLogger: CmsLogger = {
  info() {},
  warn() {},
}

/** One JSON object per line on stdout (info) or stderr (warn), easy to ship and grep. */
export const consoleJsonLogger: CmsLogger = {
  info(fields, message) {
    console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: message, ...fields }))
  },
  warn(fields, message) {
    console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message, ...fields }))
  },
}

/** The default: JSON lines, except under test runners where the output would only be noise. */
export function defaultLogger(nodeEnv: string): CmsLogger {
  return nodeEnv === 'test' ? silentLogger : consoleJsonLogger
}
