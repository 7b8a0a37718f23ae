/**
 * The request deadline in the real app: a client that sends its headers and part of a body, then
 * nothing (slowloris), gets a 503 TIMEOUT in the envelope within REQUEST_TIMEOUT_MS and the connection
 * is closed; the timeout is counted in /metrics; requests answered in time are untouched.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestCms, type TestCms } from '../../helpers/cms'

const TIMEOUT_MS = 400
let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms({ env: { REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } })
})

afterAll(async () => {
  await cms?.stop()
})

/** Sends the head and the first bytes of a body that never completes; resolves with all the server sent, once it closes. */
function stalledRequest(path: string): Promise<{ text: string; ms: number }> {
  const { port } = new URL(cms.url)
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = net.connect(Number(port), '127.0.0.1')
    let text = ''
    socket.setTimeout(10_000, () => socket.destroy(new Error('the server never closed the connection')))
    socket.on('data', (chunk) => (text += chunk.toString('utf8')))
    socket.on('error', reject)
    socket.on('close', () => resolve({ text, ms: Date.now() - started }))
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nX-Request-Id: stalled-body-0001\r\n\r\n{"title":"`,
    )
  })
}

describe('request deadline', () => {
  it('answers a request whose body never arrives 503 TIMEOUT with its request ID, then closes the connection', async () => {
    const { text, ms } = await stalledRequest('/api/v1/posts')
    expect(text).toMatch(/^HTTP\/1\.1 503 /)
    expect(text.toLowerCase()).toContain('connection: close')
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as {
      errors: { code: string }[]
      requestId: string
    }
    expect(body).toEqual({ errors: [{ message: expect.any(String), code: 'TIMEOUT' }], requestId: 'stalled-body-0001' })
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(ms).toBeLessThan(TIMEOUT_MS + 3000)
  })

  it('counts it in /metrics, and answers normal requests as before', async () => {
    const metrics = await (await fetch(`${cms.url}/metrics`)).text()
    expect(metrics).toMatch(/^http_request_timeouts_total\{route="\/api\/v1\/posts",outcome="answered"\} 1$/m)
    expect(metrics).toMatch(/^process_uncaught_errors_total\{kind="uncaughtException"\} 0$/m)
    const read = await fetch(`${cms.api}/posts?limit=1`)
    expect(read.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 1.5))
    const after = await (await fetch(`${cms.url}/metrics`)).text()
    expect(after).toMatch(/^http_request_timeouts_total\{route="\/api\/v1\/posts",outcome="answered"\} 1$/m)
  })
})
