import express from 'express'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'

import { deprecated } from '../../src/server/middleware/deprecation'

describe('deprecated()', () => {
  it('adds Deprecation, Sunset and Link headers to the routes it guards only', async () => {
    const app = express()
    app.get(
      '/old',
      deprecated({
        since: new Date('2026-01-01T00:00:00Z'),
        sunset: new Date('2026-07-01T00:00:00Z'),
        link: 'https://example.com/v2',
      }),
      (_req, res) => {
        res.json({ ok: true })
      },
    )
    app.get('/new', (_req, res) => {
      res.json({ ok: true })
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const old = await fetch(`${base}/old`)
      expect(old.headers.get('deprecation')).toBe('@1767225600')
      expect(old.headers.get('sunset')).toBe('Wed, 01 Jul 2026 00:00:00 GMT')
      expect(old.headers.get('link')).toBe('<https://example.com/v2>; rel="deprecation"; type="text/html"')
      const fresh = await fetch(`${base}/new`)
      expect(fresh.headers.get('deprecation')).toBeNull()
    } finally {
      server.close()
    }
  })
})
