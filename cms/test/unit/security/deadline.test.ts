/** The request deadline (deadline.ts) on a real Express server: silent handlers get 503, others are left alone. */
import type { AddressInfo } from 'node:net'
import express, { type Request } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { requestId } from '../../../src/server/middleware/requestId'
import { deadline } from '../../../src/server/middleware/deadline'

const TIMEOUT_MS = 300
const timeouts: string[] = []
let base: string
let close: () => void
let lateWriteFailed: unknown

beforeAll(async () => {
  const app = express()
  app.use(requestId())
  app.use(
    deadline({
      timeoutMs: TIMEOUT_MS,
      uploadTimeoutMs: TIMEOUT_MS * 4,
      isUpload: (req: Request) => req.path === '/upload',
      onTimeout: (req, _res, outcome) => timeouts.push(`${req.path} ${outcome}`),
    }),
  )
  app.get('/never', () => {})
  app.get('/fast', (_req, res) => {
    res.json({ ok: true })
  })
  app.get('/just-in-time', (_req, res) => {
    setTimeout(() => res.json({ ok: true }), TIMEOUT_MS / 3)
  })
  app.get('/late', (_req, res) => {
    setTimeout(() => {
      try {
        res.status(200).json({ late: true })
      } catch (error) {
        lateWriteFailed = error
      }
    }, TIMEOUT_MS * 2)
  })
  app.get('/upload', (_req, res) => {
    setTimeout(() => res.json({ ok: 'upload' }), TIMEOUT_MS * 2)
  })
  // Streams for 3 deadlines, a chunk every third of one: slow but moving.
  app.get('/stream', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    let sent = 0
    const tick = setInterval(() => {
      res.write(Buffer.alloc(1024, 1))
      if (++sent === 9) {
        clearInterval(tick)
        res.end()
      }
    }, TIMEOUT_MS / 3)
  })
  // Sends its headers, then nothing: cut.
  app.get('/stall', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.write('partial')
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => {
    server.closeAllConnections()
    server.close()
  }
})

afterAll(() => close?.())

describe('deadline()', () => {
  it('answers a handler that never answers with 503 TIMEOUT in the envelope, with the request ID', async () => {
    const started = Date.now()
    const response = await fetch(`${base}/never`)
    const elapsed = Date.now() - started
    expect(response.status).toBe(503)
    const body = (await response.json()) as { errors: { code: string; message: string }[]; requestId: string }
    expect(body.errors).toEqual([{ code: 'TIMEOUT', message: expect.stringMatching(/too long/) }])
    expect(body.requestId).toBe(response.headers.get('x-request-id'))
    expect(response.headers.get('connection')).toBe('close')
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20)
    expect(elapsed).toBeLessThan(TIMEOUT_MS * 5)
    expect(timeouts).toContain('/never answered')
  })

  it('leaves answers in time untouched, and never fires after them', async () => {
    const before = timeouts.length
    for (const path of ['/fast', '/just-in-time']) {
      const response = await fetch(`${base}${path}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ ok: true })
    }
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 1.5))
    expect(timeouts.length).toBe(before)
  })

  it('answers once: the late handler finds the response already sent', async () => {
    const response = await fetch(`${base}/late`)
    expect(response.status).toBe(503)
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0].code).toBe('TIMEOUT')
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2))
    expect((lateWriteFailed as NodeJS.ErrnoException | undefined)?.code).toBe('ERR_HTTP_HEADERS_SENT')
  })

  it('gives uploads their own, longer deadline', async () => {
    const response = await fetch(`${base}/upload`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: 'upload' })
  })

  it('lets a slow but moving stream finish, past several deadlines', async () => {
    const response = await fetch(`${base}/stream`)
    expect(response.status).toBe(200)
    expect((await response.arrayBuffer()).byteLength).toBe(9 * 1024)
    expect(timeouts.filter((t) => t.startsWith('/stream'))).toEqual([])
  })

  it('cuts a response that sent its headers and then stalled', async () => {
    const response = await fetch(`${base}/stall`)
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    expect(timeouts).toContain('/stall destroyed')
  })
})
