/**
 * SERVER_ROLE=api: `npm start` serves the API without the admin panel, never importing Next.js
 * (the lean worker for public traffic); admin routes answer a 404 envelope saying why.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ADMIN_NOT_SERVED } from '../../src/server/apiOnly'
import { request } from '../helpers/http'
import { cmsDir, startCmsProcess, type CmsProcess } from '../helpers/process'

let cms: CmsProcess

beforeAll(async () => {
  cms = await startCmsProcess({
    SERVER_ROLE: 'api',
    NODE_OPTIONS: `--import ${path.join(cmsDir, 'test/helpers/nextProbe.mjs')}`,
  })
})

afterAll(async () => {
  await cms?.stop()
})

describe('SERVER_ROLE=api', () => {
  it('serves the API', async () => {
    const { status, body } = await request(`${cms.url}/api/v1/posts?limit=2&depth=0`)
    expect(status).toBe(200)
    expect(body.docs.length).toBeGreaterThan(0)
    expect(cms.output()).toContain('not served here (SERVER_ROLE=api)')
  })

  it('answers admin routes with a 404 envelope naming the role', async () => {
    for (const url of ['/admin', '/admin/collections/posts', '/_next/static/chunks/main.js']) {
      const { status, body } = await request(`${cms.url}${url}`)
      expect(status, url).toBe(404)
      expect(body.errors[0]).toMatchObject({ code: 'NOT_FOUND', message: ADMIN_NOT_SERVED })
    }
    const other = await request(`${cms.url}/no-such-page`)
    expect(other.status).toBe(404)
    expect(other.body.errors[0].message).toBe('No route for GET /no-such-page')
  })

  it('never imports Next.js', () => {
    // The probe reports the first module of the `next` package the process resolves.
    expect(cms.output()).not.toContain('NEXT_LOADED')
  })
})
