import { Writable } from 'node:stream'
import pino from 'pino'
import type { Payload } from 'payload'
import { describe, expect, it } from 'vitest'

import { emailAdapter } from '../../src/email'

/** A real pino logger writing JSON lines into an array. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)))
      done()
    },
  })
  return { logger: pino({ level: 'info' }, stream), lines }
}

describe('email without SMTP_URL', () => {
  it('logs one line per message, with subject and recipients but not the body, and sends nothing', async () => {
    const { logger, lines } = capturingLogger()
    const adapter = emailAdapter(undefined, 'no-reply@mspn.dev')({ payload: { logger } as unknown as Payload })
    expect(adapter.name).toBe('log')
    expect(adapter.defaultFromAddress).toBe('no-reply@mspn.dev')

    await adapter.sendEmail({
      to: ['a@example.com', { name: 'B', address: 'b@example.com' }],
      subject: 'Reset your password',
      html: '<p>token abc123</p>',
    })

    expect(lines).toHaveLength(1)
    expect(lines[0].level).toBe(30)
    expect(lines[0].msg).toBe(
      'email not sent (SMTP_URL is not set): "Reset your password" to a@example.com, b@example.com',
    )
    expect(JSON.stringify(lines)).not.toContain('abc123')
  })

  it('uses SMTP when SMTP_URL is set', () => {
    const { logger } = capturingLogger()
    const adapter = emailAdapter(
      'smtp://127.0.0.1:2525',
      'no-reply@mspn.dev',
    )({ payload: { logger } as unknown as Payload })
    expect(adapter.name).toBe('smtp')
  })
})
